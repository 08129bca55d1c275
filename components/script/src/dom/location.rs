//! The `Location` interface (reading the document's URL, and reload()) and `WorkerLocation`.
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface>
//! <https://html.spec.whatwg.org/multipage/workers.html#worker-locations>

use bindings::{Cx, Dom, DomRoot, Fallible, Reflector, Trace, Tracer};
use url::{quirks, Url};

use crate::dom::bindings::generated::{LocationMethods, WorkerLocationMethods};
use crate::dom::window::Window;

#[repr(C)]
pub struct Location {
    pub(crate) reflector: Reflector,
    window: Dom<Window>,
}

impl Trace for Location {
    fn trace(&self, trc: &Tracer) {
        self.window.trace(trc);
    }
}

impl Location {
    pub fn create(cx: &mut Cx, window: &Window) -> Fallible<DomRoot<Location>> {
        let proto = bindings::interface::prototype_for(cx, <Location as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(Location { reflector: Reflector::new(), window: Dom::from_ref(window) }),
            proto.handle(),
        )
    }

    fn url(&self) -> Url {
        self.window.document_root().map(|d| d.url_value()).unwrap_or_else(|| Url::parse("about:blank").expect("valid"))
    }
}

/// The URL getters shared by Location and WorkerLocation.
macro_rules! url_getters {
    () => {
        fn href(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::href(&self.url()).to_owned())
        }
        fn origin(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::origin(&self.url()))
        }
        fn protocol(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::protocol(&self.url()).to_owned())
        }
        fn host(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::host(&self.url()).to_owned())
        }
        fn hostname(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::hostname(&self.url()).to_owned())
        }
        fn port(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::port(&self.url()).to_owned())
        }
        fn pathname(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::pathname(&self.url()).to_owned())
        }
        fn search(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::search(&self.url()).to_owned())
        }
        fn hash(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::hash(&self.url()).to_owned())
        }
        fn to_string(&self, _cx: &mut Cx) -> Fallible<String> {
            Ok(quirks::href(&self.url()).to_owned())
        }
    };
}

impl LocationMethods for Location {
    url_getters!();

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-reload>
    fn reload(&self, _cx: &mut Cx) -> Fallible<()> {
        // 1. Let document be this's relevant Document. 2. If document is null, then return.
        // 4. Reload document's node navigable (in a task: navigation is asynchronous).
        crate::loader::reload(&self.window);
        Ok(())
    }
}

#[repr(C)]
pub struct WorkerLocation {
    pub(crate) reflector: Reflector,
    url: Url,
}

impl Trace for WorkerLocation {
    fn trace(&self, _: &Tracer) {}
}

impl WorkerLocation {
    pub fn create(cx: &mut Cx, url: Url) -> Fallible<DomRoot<WorkerLocation>> {
        let proto = bindings::interface::prototype_for(cx, <WorkerLocation as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(
            cx,
            Box::new(WorkerLocation { reflector: Reflector::new(), url }),
            proto.handle(),
        )
    }

    fn url(&self) -> Url {
        self.url.clone()
    }
}

impl WorkerLocationMethods for WorkerLocation {
    url_getters!();
}
