//! DOM objects a global keeps by number, so that work arriving from other threads (a worker's
//! message, a port's message, a shared worker's error) finds its object. The table holds them
//! (traced) for as long as the global lives.

use std::collections::HashMap;

use bindings::{Dom, DomInterface, DomRefCell, DomRoot, Trace, Tracer};

pub struct KeyedObjects<T: DomInterface>(DomRefCell<HashMap<u64, Dom<T>>>);

impl<T: DomInterface> Default for KeyedObjects<T> {
    fn default() -> Self {
        KeyedObjects(DomRefCell::new(HashMap::new()))
    }
}

impl<T: DomInterface> Trace for KeyedObjects<T> {
    fn trace(&self, trc: &Tracer) {
        self.0.trace(trc);
    }
}

impl<T: DomInterface> KeyedObjects<T> {
    pub fn add(&self, key: u64, object: &T) {
        self.0.borrow_mut().insert(key, Dom::from_ref(object));
    }

    pub fn remove(&self, key: u64) {
        self.0.borrow_mut().remove(&key);
    }

    /// The object with `key`, if it is still this global's.
    pub fn get(&self, key: u64) -> Option<DomRoot<T>> {
        self.0.borrow().get(&key).map(Dom::root)
    }

    pub fn keys(&self) -> Vec<u64> {
        self.0.borrow().keys().copied().collect()
    }
}
