//! The `Event` interface.
//! <https://dom.spec.whatwg.org/#interface-event>

use std::cell::Cell;

use bindings::{Cx, Dom, DomRefCell, DomRoot, Fallible, HandleObject, Reflector, Trace, Tracer};

use crate::dom::bindings::generated::{EventInit, EventMethods};
use crate::dom::eventtarget::EventTarget;
use crate::dom::globalscope::GlobalRoot;

#[repr(C)]
pub struct Event {
    pub(crate) reflector: Reflector,
    type_: DomRefCell<String>,
    target: DomRefCell<Option<Dom<EventTarget>>>,
    current_target: DomRefCell<Option<Dom<EventTarget>>>,
    phase: Cell<u16>,
    stop_propagation: Cell<bool>,
    stop_immediate_propagation: Cell<bool>,
    canceled: Cell<bool>,
    in_passive_listener: Cell<bool>,
    bubbles: Cell<bool>,
    cancelable: Cell<bool>,
    composed: Cell<bool>,
    initialized: Cell<bool>,
    dispatch: Cell<bool>,
    is_trusted: Cell<bool>,
    /// Whether this is a click that activates its target: herald has no MouseEvent interface,
    /// so the clicks the user agent fires (a person's, and `click()`'s synthetic one) carry
    /// this flag instead, and `new Event("click")` does not.
    activation_event: Cell<bool>,
    /// The legacyOutputDidListenersThrowFlag of its dispatch: a listener threw (and its
    /// exception was reported). IndexedDB's "didThrow" reads it.
    /// <https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke>
    listener_threw: Cell<bool>,
    time_stamp: f64,
}

impl Trace for Event {
    fn trace(&self, trc: &Tracer) {
        self.target.trace(trc);
        self.current_target.trace(trc);
    }
}

impl Event {
    pub(crate) fn new_inherited(time_stamp: f64) -> Event {
        Event {
            reflector: Reflector::new(),
            type_: DomRefCell::new(String::new()),
            target: DomRefCell::new(None),
            current_target: DomRefCell::new(None),
            phase: Cell::new(Event::NONE),
            stop_propagation: Cell::new(false),
            stop_immediate_propagation: Cell::new(false),
            canceled: Cell::new(false),
            in_passive_listener: Cell::new(false),
            bubbles: Cell::new(false),
            cancelable: Cell::new(false),
            composed: Cell::new(false),
            initialized: Cell::new(false),
            dispatch: Cell::new(false),
            is_trusted: Cell::new(false),
            activation_event: Cell::new(false),
            listener_threw: Cell::new(false),
            time_stamp,
        }
    }

    /// A new event created by the user agent ("fire an event"): its isTrusted is true.
    pub fn new_trusted(cx: &mut Cx, type_: &str, bubbles: bool, cancelable: bool) -> Fallible<DomRoot<Event>> {
        let proto = bindings::interface::prototype_for(cx, <Event as bindings::DomInterface>::ID)?;
        let global = GlobalRoot::current(cx)?;
        let event =
            bindings::reflector::reflect_dom_object(cx, Box::new(Event::new_inherited(global.now())), proto.handle())?;
        event.init(type_, bubbles, cancelable);
        event.is_trusted.set(true);
        Ok(event)
    }

    /// Fires a trusted event named `name` at `target` (not bubbling); returns false if it was
    /// canceled.
    /// <https://dom.spec.whatwg.org/#concept-event-fire>
    pub fn fire(cx: &mut Cx, target: &EventTarget, name: &str, cancelable: bool) -> Fallible<bool> {
        // 1-2. Let event be the result of creating an event given Event; initialize its type
        //      attribute to e (and cancelable as the caller says); isTrusted is true.
        let event = Event::new_trusted(cx, name, false, cancelable)?;
        // 4. Return the result of dispatching event to target.
        target.dispatch(cx, &event)
    }

    /// <https://dom.spec.whatwg.org/#concept-event-initialize>
    pub(crate) fn init(&self, type_: &str, bubbles: bool, cancelable: bool) {
        // 1. Set event's initialized flag.
        self.initialized.set(true);
        // 2. Unset event's stop propagation flag, stop immediate propagation flag, and canceled
        //    flag.
        self.stop_propagation.set(false);
        self.stop_immediate_propagation.set(false);
        self.canceled.set(false);
        // 3. Set event's isTrusted attribute to false.
        self.is_trusted.set(false);
        // 4. Set event's target to null.
        *self.target.borrow_mut() = None;
        // 5. Set event's type attribute to type.
        *self.type_.borrow_mut() = type_.to_owned();
        // 6. Set event's bubbles attribute to bubbles.
        self.bubbles.set(bubbles);
        // 7. Set event's cancelable attribute to cancelable.
        self.cancelable.set(cancelable);
    }

    pub(crate) fn set_listener_threw(&self) {
        self.listener_threw.set(true);
    }

    /// Whether a listener threw while the event was dispatched.
    pub fn listener_threw(&self) -> bool {
        self.listener_threw.get()
    }

    pub fn type_string(&self) -> String {
        self.type_.borrow().clone()
    }

    pub(crate) fn is_dispatching(&self) -> bool {
        self.dispatch.get()
    }

    pub(crate) fn is_initialized(&self) -> bool {
        self.initialized.get()
    }

    pub(crate) fn trusted(&self) -> bool {
        self.is_trusted.get()
    }

    pub(crate) fn set_untrusted(&self) {
        self.is_trusted.set(false);
    }

    pub(crate) fn set_trusted(&self) {
        self.is_trusted.set(true);
    }

    /// Marks a click the user agent fires as an activation event.
    pub(crate) fn set_activation_event(&self) {
        self.activation_event.set(true);
    }

    /// <https://dom.spec.whatwg.org/#concept-event-dispatch> step 5: isActivationEvent, true
    /// if event is a MouseEvent object and event's type attribute is "click".
    pub(crate) fn is_activation_event(&self) -> bool {
        self.activation_event.get() && *self.type_.borrow() == "click"
    }

    pub(crate) fn set_composed(&self, composed: bool) {
        self.composed.set(composed);
    }

    /// The inner event creation steps for a constructor's dictionary, for EventInit's members:
    /// 4. "For each member → value of dictionary, if event has an attribute whose identifier is
    /// member, then initialize that attribute to value" (`bubbles`, `cancelable`, `composed`; an
    /// interface's own members are its constructor's), after initializing the event with
    /// `type_`. <https://dom.spec.whatwg.org/#inner-event-creation-steps>
    pub(crate) fn init_from_dictionary(&self, type_: &str, bubbles: bool, cancelable: bool, composed: bool) {
        self.init(type_, bubbles, cancelable);
        self.composed.set(composed);
    }

    pub(crate) fn begin_dispatch(&self, target: &EventTarget) {
        self.dispatch.set(true);
        *self.target.borrow_mut() = Some(Dom::from_ref(target));
    }

    pub(crate) fn end_dispatch(&self) {
        self.dispatch.set(false);
        self.phase.set(Event::NONE);
        *self.current_target.borrow_mut() = None;
        self.stop_propagation.set(false);
        self.stop_immediate_propagation.set(false);
    }

    pub(crate) fn set_current_target(&self, target: Option<&EventTarget>, phase: u16) {
        *self.current_target.borrow_mut() = target.map(Dom::from_ref);
        self.phase.set(phase);
    }

    pub(crate) fn bubbles_flag(&self) -> bool {
        self.bubbles.get()
    }

    pub(crate) fn propagation_stopped(&self) -> bool {
        self.stop_propagation.get()
    }

    pub(crate) fn immediate_propagation_stopped(&self) -> bool {
        self.stop_immediate_propagation.get()
    }

    pub(crate) fn set_in_passive_listener(&self, passive: bool) {
        self.in_passive_listener.set(passive);
    }

    pub fn canceled(&self) -> bool {
        self.canceled.get()
    }

    /// <https://dom.spec.whatwg.org/#set-the-canceled-flag>
    pub(crate) fn set_canceled_flag(&self) {
        if self.cancelable.get() && !self.in_passive_listener.get() {
            self.canceled.set(true);
        }
    }
}

impl EventMethods for Event {
    /// <https://dom.spec.whatwg.org/#dom-event-event>
    fn constructor(
        cx: &mut Cx,
        proto: HandleObject,
        type_: String,
        event_init_dict: EventInit,
    ) -> Fallible<DomRoot<Event>> {
        let global = GlobalRoot::current(cx)?;
        // "inner event creation steps": initialized flag set, timeStamp, the dictionary's
        // members.
        let event = bindings::reflector::reflect_dom_object(cx, Box::new(Event::new_inherited(global.now())), proto)?;
        event.init_from_dictionary(
            &type_,
            event_init_dict.bubbles,
            event_init_dict.cancelable,
            event_init_dict.composed,
        );
        Ok(event)
    }

    /// <https://dom.spec.whatwg.org/#dom-event-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.type_string())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-target>
    fn target(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<EventTarget>>> {
        Ok(self.target.borrow().as_ref().map(Dom::root))
    }

    /// <https://dom.spec.whatwg.org/#dom-event-srcelement>
    fn src_element(&self, cx: &mut Cx) -> Fallible<Option<DomRoot<EventTarget>>> {
        self.target(cx)
    }

    /// <https://dom.spec.whatwg.org/#dom-event-currenttarget>
    fn current_target(&self, _cx: &mut Cx) -> Fallible<Option<DomRoot<EventTarget>>> {
        Ok(self.current_target.borrow().as_ref().map(Dom::root))
    }

    /// <https://dom.spec.whatwg.org/#dom-event-eventphase>
    fn event_phase(&self, _cx: &mut Cx) -> Fallible<u16> {
        Ok(self.phase.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-stoppropagation>
    fn stop_propagation(&self, _cx: &mut Cx) -> Fallible<()> {
        self.stop_propagation.set(true);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-cancelbubble>
    fn cancel_bubble(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.stop_propagation.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-cancelbubble>
    fn set_cancel_bubble(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        if value {
            self.stop_propagation.set(true);
        }
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-stopimmediatepropagation>
    fn stop_immediate_propagation(&self, _cx: &mut Cx) -> Fallible<()> {
        self.stop_propagation.set(true);
        self.stop_immediate_propagation.set(true);
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-bubbles>
    fn bubbles(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.bubbles.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-cancelable>
    fn cancelable(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.cancelable.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-returnvalue>
    fn return_value(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(!self.canceled.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-returnvalue>
    fn set_return_value(&self, _cx: &mut Cx, value: bool) -> Fallible<()> {
        if !value {
            self.set_canceled_flag();
        }
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-preventdefault>
    fn prevent_default(&self, _cx: &mut Cx) -> Fallible<()> {
        self.set_canceled_flag();
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-defaultprevented>
    fn default_prevented(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.canceled.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-composed>
    fn composed(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.composed.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-istrusted>
    fn is_trusted(&self, _cx: &mut Cx) -> Fallible<bool> {
        Ok(self.is_trusted.get())
    }

    /// <https://dom.spec.whatwg.org/#dom-event-timestamp>
    fn time_stamp(&self, _cx: &mut Cx) -> Fallible<f64> {
        Ok(self.time_stamp)
    }

    /// <https://dom.spec.whatwg.org/#dom-event-initevent>
    fn init_event(&self, _cx: &mut Cx, type_: String, bubbles: bool, cancelable: bool) -> Fallible<()> {
        // 1. If this's dispatch flag is set, then return.
        if self.dispatch.get() {
            return Ok(());
        }
        // 2. Initialize this with type, bubbles, and cancelable.
        self.init(&type_, bubbles, cancelable);
        Ok(())
    }
}
