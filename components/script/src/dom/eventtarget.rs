//! The `EventTarget` interface and event handler attributes.
//! <https://dom.spec.whatwg.org/#interface-eventtarget>
//! <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes>

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use bindings::{
    Castable, Cx, DomRefCell, DomRoot, Error, Fallible, HandleObject, Reflector, RootedValue, Trace, Tracer,
};

use crate::activation::ActivationTarget;
use crate::dom::bindings::generated::{
    AddEventListenerOptionsOrBoolean, EventHandlerNonNull, EventListener, EventListenerOptionsOrBoolean, EventOrString,
    EventTargetMethods, OnErrorEventHandlerNonNull,
};
use crate::dom::errorevent::ErrorEvent;
use crate::dom::event::Event;
use crate::dom::globalscope::GlobalRoot;
use crate::event_handlers::RawHandler;

/// What a listener calls: a script's callback, or the event handler of that type (whose
/// current value is looked up when the listener runs).
#[derive(Clone)]
enum ListenerCallback {
    Script(EventListener),
    Handler,
}

impl ListenerCallback {
    fn same(&self, other: &ListenerCallback) -> bool {
        match (self, other) {
            (ListenerCallback::Script(a), ListenerCallback::Script(b)) => a.callback().same(b.callback()),
            (ListenerCallback::Handler, ListenerCallback::Handler) => true,
            _ => false,
        }
    }
}

/// An event listener.
/// <https://dom.spec.whatwg.org/#concept-event-listener>
#[derive(Clone)]
struct Listener {
    type_: String,
    callback: ListenerCallback,
    capture: bool,
    passive: bool,
    once: bool,
    removed: Rc<Cell<bool>>,
}

impl Trace for Listener {
    fn trace(&self, trc: &Tracer) {
        if let ListenerCallback::Script(callback) = &self.callback {
            callback.trace(trc);
        }
    }
}

/// An event handler's value (only non-null ones are kept).
/// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-value>
#[derive(Clone)]
enum HandlerValue {
    Callback(EventHandlerNonNull),
    /// An event handler content attribute's text, compiled when the handler is first needed.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#internal-raw-uncompiled-handler>
    Uncompiled(RawHandler),
}

impl Trace for HandlerValue {
    fn trace(&self, trc: &Tracer) {
        if let HandlerValue::Callback(callback) = self {
            callback.trace(trc);
        }
    }
}

#[repr(C)]
pub struct EventTarget {
    pub(crate) reflector: Reflector,
    listeners: DomRefCell<Vec<Listener>>,
    /// Event handlers by event type (only non-null ones).
    handlers: DomRefCell<HashMap<String, HandlerValue>>,
}

impl Trace for EventTarget {
    fn trace(&self, trc: &Tracer) {
        self.listeners.trace(trc);
        self.handlers.trace(trc);
    }
}

impl Default for EventTarget {
    fn default() -> Self {
        EventTarget::new_inherited()
    }
}

impl EventTarget {
    pub fn new_inherited() -> EventTarget {
        EventTarget {
            reflector: Reflector::new(),
            listeners: DomRefCell::new(Vec::new()),
            handlers: DomRefCell::new(HashMap::new()),
        }
    }

    /// Whether any event listener (an event handler's included) is registered.
    pub fn has_listeners(&self) -> bool {
        !self.listeners.borrow().is_empty()
    }

    /// <https://dom.spec.whatwg.org/#add-an-event-listener>
    fn add_listener(&self, listener: Listener) {
        // 5. If eventTarget's event listener list does not contain an event listener whose type
        //    is listener's type, callback is listener's callback, and capture is listener's
        //    capture, then append listener to eventTarget's event listener list.
        let mut listeners = self.listeners.borrow_mut();
        let exists = listeners
            .iter()
            .any(|l| l.type_ == listener.type_ && l.capture == listener.capture && l.callback.same(&listener.callback));
        if !exists {
            listeners.push(listener);
        }
    }

    /// <https://dom.spec.whatwg.org/#remove-an-event-listener>
    fn remove_listener(&self, type_: &str, callback: &ListenerCallback, capture: bool) {
        let mut listeners = self.listeners.borrow_mut();
        if let Some(index) =
            listeners.iter().position(|l| l.type_ == type_ && l.capture == capture && l.callback.same(callback))
        {
            // Set listener's removed to true and remove it from the list.
            listeners[index].removed.set(true);
            listeners.remove(index);
        }
    }

    /// Getting the current value of the event handler for `type_`: a content attribute's text
    /// is compiled now (a syntax error is reported, and the handler becomes null).
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#getting-the-current-value-of-the-event-handler>
    pub fn get_event_handler(&self, cx: &mut Cx, type_: &str) -> Option<EventHandlerNonNull> {
        let value = self.handlers.borrow().get(type_).cloned()?;
        match value {
            HandlerValue::Callback(callback) => Some(callback),
            // 1. If eventHandler's value is an internal raw uncompiled handler, then: ... 11. Set
            //    eventHandler's value to the result of creating a Web IDL EventHandler callback
            //    function object whose object reference is function (or null on an error).
            HandlerValue::Uncompiled(raw) => {
                let compiled = crate::event_handlers::compile(cx, self, type_, &raw);
                self.set_handler_value(type_, compiled.clone().map(HandlerValue::Callback));
                compiled
            }
        }
    }

    /// The event handler IDL attribute setter.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-idl-attributes>
    pub fn set_event_handler(&self, type_: &str, value: Option<EventHandlerNonNull>) {
        self.set_handler_value(type_, value.map(HandlerValue::Callback));
    }

    /// An event handler content attribute was set: its text becomes the handler's value, to be
    /// compiled when first needed, and the handler is activated.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#event-handler-attributes:event-handler-content-attributes-3>
    pub fn set_raw_event_handler(&self, type_: &str, raw: RawHandler) {
        self.set_handler_value(type_, Some(HandlerValue::Uncompiled(raw)));
    }

    fn set_handler_value(&self, type_: &str, value: Option<HandlerValue>) {
        match value {
            // 1. If the given value is null, then deactivate an event handler.
            None => {
                if self.handlers.borrow_mut().remove(type_).is_some() {
                    self.remove_listener(type_, &ListenerCallback::Handler, false);
                }
            }
            // 2. Otherwise: set the handler's value and activate it (its listener is added the
            //    first time, keeping its place in the listener list when the value changes).
            Some(value) => {
                let was_active = self.handlers.borrow_mut().insert(type_.to_owned(), value).is_some();
                if !was_active {
                    self.add_listener(Listener {
                        type_: type_.to_owned(),
                        callback: ListenerCallback::Handler,
                        capture: false,
                        passive: false,
                        once: false,
                        removed: Rc::new(Cell::new(false)),
                    });
                }
            }
        }
    }

    /// The event target's "get the parent": a node's parent, a document's window (except for
    /// load events), or nothing.
    /// <https://dom.spec.whatwg.org/#get-the-parent>
    fn get_the_parent(&self, event: &Event) -> Option<DomRoot<EventTarget>> {
        // IndexedDB: a request's parent is its transaction, a transaction's its connection.
        // <https://w3c.github.io/IndexedDB/#request-api>
        if let Some(request) = self.downcast::<crate::dom::idbrequest::IDBRequest>() {
            return request.transaction_root().map(DomRoot::upcast);
        }
        if let Some(transaction) = self.downcast::<crate::dom::idbtransaction::IDBTransaction>() {
            return Some(transaction.parent_target());
        }
        let node = self.downcast::<crate::dom::node::Node>()?;
        if let Some(document) = node.as_document() {
            if event.type_string() == "load" {
                return None;
            }
            return document.window().map(DomRoot::upcast);
        }
        node.parent().map(DomRoot::upcast)
    }

    /// Dispatches `event` at this target through its event path (capture, target, bubble).
    /// <https://dom.spec.whatwg.org/#concept-event-dispatch>
    pub fn dispatch(&self, cx: &mut Cx, event: &Event) -> Fallible<bool> {
        // 1. Set event's dispatch flag.
        // 2-4. targetOverride is target; set event's target.
        event.begin_dispatch(self);
        // 5. Let isActivationEvent be true, if event is a MouseEvent object and event's type
        //    attribute is "click"; otherwise false.
        let is_activation_event = event.is_activation_event();
        // 6. If isActivationEvent is true and target has activation behavior, then set
        //    activationTarget to target.
        let mut activation_target = if is_activation_event { ActivationTarget::of(self) } else { None };
        // 5-6. Build the event path: the target, then each parent.
        let mut path = vec![DomRoot::from_ref(self)];
        while let Some(parent) = path.last().expect("non-empty").get_the_parent(event) {
            // 9.6. If isActivationEvent is true, event's bubbles attribute is true,
            //      activationTarget is null, and parent has activation behavior, then set
            //      activationTarget to parent.
            if is_activation_event && event.bubbles_flag() && activation_target.is_none() {
                activation_target = ActivationTarget::of(&parent);
            }
            path.push(parent);
        }
        // 11. If activationTarget is non-null and activationTarget has legacy-pre-activation
        //     behavior, then run activationTarget's legacy-pre-activation behavior.
        let pre_activation = activation_target.as_ref().and_then(|t| t.legacy_pre_activation());
        // 13. For each struct in path, in reverse order (capturing, with AT_TARGET at the
        //     target), invoke the capture listeners.
        for (index, target) in path.iter().enumerate().rev() {
            let phase = if index == 0 { Event::AT_TARGET } else { Event::CAPTURING_PHASE };
            event.set_current_target(Some(target), phase);
            target.inner_invoke(cx, event, true)?;
            if event.propagation_stopped() {
                break;
            }
        }
        // 14. For each struct in path, in order: at the target the other listeners, then (if
        //     the event bubbles) the ancestors' bubbling listeners.
        if !event.propagation_stopped() {
            for (index, target) in path.iter().enumerate() {
                if index > 0 && !event.bubbles_flag() {
                    break;
                }
                let phase = if index == 0 { Event::AT_TARGET } else { Event::BUBBLING_PHASE };
                event.set_current_target(Some(target), phase);
                target.inner_invoke(cx, event, false)?;
                if event.propagation_stopped() {
                    break;
                }
            }
        }
        // 15-17. Set phase to NONE, currentTarget to null, unset the dispatch, stop
        //        propagation and stop immediate propagation flags.
        event.end_dispatch();
        // 17. If activationTarget is non-null, then: 1. If event's canceled flag is unset, then
        //     run activationTarget's activation behavior with event. 2. Otherwise, if
        //     activationTarget has legacy-canceled-activation behavior, then run
        //     activationTarget's legacy-canceled-activation behavior.
        if let Some(activation_target) = activation_target {
            if !event.canceled() {
                activation_target.activation_behavior(cx, event)?;
            } else {
                activation_target.legacy_canceled_activation(pre_activation);
            }
        }
        // 20. Return false if event's canceled flag is set; otherwise true.
        Ok(!event.canceled())
    }

    /// <https://dom.spec.whatwg.org/#concept-event-listener-inner-invoke>
    fn inner_invoke(&self, cx: &mut Cx, event: &Event, capture_phase: bool) -> Fallible<()> {
        let type_ = event.type_string();
        // Invoke, step 4: let listeners be a clone of the event listener list.
        let listeners: Vec<Listener> = self.listeners.borrow().iter().filter(|l| l.type_ == type_).cloned().collect();
        let mut this = DomRoot::from_ref(self).to_value();
        bindings::conversions::wrap_value(cx, this.handle_mut())?;
        let event_root = DomRoot::from_ref(event);
        for listener in listeners {
            // 1. If listener's removed is true, then continue.
            if listener.removed.get() {
                continue;
            }
            // 2-3. Skip listeners of the other phase.
            if listener.capture != capture_phase {
                continue;
            }
            // 5. If listener's once is true, remove it.
            if listener.once {
                self.remove_listener(&listener.type_, &listener.callback, listener.capture);
            }
            // 9. If listener's passive is true, set event's in passive listener flag.
            event.set_in_passive_listener(listener.passive);
            // 10. Call a user object's operation with listener's callback, "handleEvent",
            //     « event », and event's currentTarget. If this throws, report the exception.
            let result = match &listener.callback {
                ListenerCallback::Script(callback) => {
                    callback.handle_event(cx, this.handle(), event_root.clone()).map(|_| ())
                }
                ListenerCallback::Handler => self.run_event_handler(cx, event, &event_root, &this),
            };
            if let Err(error) = result {
                // 10.2. Set legacyOutputDidListenersThrowFlag if given.
                event.set_listener_threw();
                crate::error_reporting::report_error(cx, error);
            }
            // 11. Unset event's in passive listener flag.
            event.set_in_passive_listener(false);
            // 13. If event's stop immediate propagation flag is set, then break.
            if event.immediate_propagation_stopped() {
                break;
            }
        }
        Ok(())
    }

    /// Whether this is a global object (a window, or a worker's global).
    fn is_global(&self) -> bool {
        GlobalRoot::of(self).is_ok_and(|global| bindings::reflector::same_object(&*global.event_target(), self))
    }

    /// The event handler processing algorithm.
    /// <https://html.spec.whatwg.org/multipage/webappapis.html#the-event-handler-processing-algorithm>
    fn run_event_handler(
        &self,
        cx: &mut Cx,
        event: &Event,
        event_root: &DomRoot<Event>,
        this: &RootedValue,
    ) -> Fallible<()> {
        // 1. Let callback be the result of getting the current value of the event handler.
        // 2. If callback is null, then return.
        let Some(callback) = self.get_event_handler(cx, &event.type_string()) else {
            return Ok(());
        };
        // 3. Let special error event handling be true if event is an ErrorEvent object,
        //    event's type is "error", and event's currentTarget implements the
        //    WindowOrWorkerGlobalScope mixin.
        let special = match event.downcast::<ErrorEvent>() {
            Some(error_event) if event.type_string() == "error" && self.is_global() => Some(error_event),
            _ => None,
        };
        let result = match special {
            // 4. If special error event handling is true: invoke callback with five arguments,
            //    event's message, filename, lineno, colno and error, with this = currentTarget.
            Some(error_event) => {
                let (message, filename, lineno, colno, error) = error_event.handler_arguments();
                let Some(object) = bindings::CallbackObject::from_object_value(callback.callback().value().handle())
                else {
                    return Ok(());
                };
                let on_error = OnErrorEventHandlerNonNull::new(object);
                on_error.call(cx, this.handle(), EventOrString::String(message), filename, lineno, colno, error)?
            }
            //    Otherwise, invoke callback with one argument, event.
            None => callback.call(cx, this.handle(), event_root.clone())?,
        };
        // 5. Process return value: if special error event handling is true and the return
        //    value is true, or otherwise if it is false, set event's canceled flag.
        let cancel =
            if special.is_some() { result.as_boolean() == Some(true) } else { result.as_boolean() == Some(false) };
        if cancel {
            event.set_canceled_flag();
        }
        Ok(())
    }
}

/// "Flatten more options": capture, passive, once.
fn flatten_add(options: AddEventListenerOptionsOrBoolean) -> (bool, Option<bool>, bool) {
    match options {
        AddEventListenerOptionsOrBoolean::Boolean(capture) => (capture, None, false),
        AddEventListenerOptionsOrBoolean::AddEventListenerOptions(o) => (o.capture, o.passive, o.once),
    }
}

impl EventTargetMethods for EventTarget {
    /// <https://dom.spec.whatwg.org/#dom-eventtarget-eventtarget>
    fn constructor(cx: &mut Cx, proto: HandleObject) -> Fallible<DomRoot<EventTarget>> {
        bindings::reflector::reflect_dom_object(cx, Box::new(EventTarget::new_inherited()), proto)
    }

    /// <https://dom.spec.whatwg.org/#dom-eventtarget-addeventlistener>
    fn add_event_listener(
        &self,
        _cx: &mut Cx,
        type_: String,
        callback: Option<EventListener>,
        options: AddEventListenerOptionsOrBoolean,
    ) -> Fallible<()> {
        // 1. Let capture, passive, once, and signal be the result of flattening more options.
        let (capture, passive, once) = flatten_add(options);
        // Add an event listener, 2. If listener's callback is null, then return.
        let Some(callback) = callback else { return Ok(()) };
        // 1. (Service worker globals' late listeners are not applicable.) The default passive
        //    value is false for targets other than windows' touch and wheel events.
        self.add_listener(Listener {
            type_,
            callback: ListenerCallback::Script(callback),
            capture,
            passive: passive.unwrap_or(false),
            once,
            removed: Rc::new(Cell::new(false)),
        });
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-eventtarget-removeeventlistener>
    fn remove_event_listener(
        &self,
        _cx: &mut Cx,
        type_: String,
        callback: Option<EventListener>,
        options: EventListenerOptionsOrBoolean,
    ) -> Fallible<()> {
        // 1. Let capture be the result of flattening options.
        let capture = match options {
            EventListenerOptionsOrBoolean::Boolean(capture) => capture,
            EventListenerOptionsOrBoolean::EventListenerOptions(o) => o.capture,
        };
        // 2. If this's event listener list contains an event listener whose type is type,
        //    callback is callback, and capture is capture, then remove it.
        if let Some(callback) = callback {
            self.remove_listener(&type_, &ListenerCallback::Script(callback), capture);
        }
        Ok(())
    }

    /// <https://dom.spec.whatwg.org/#dom-eventtarget-dispatchevent>
    fn dispatch_event(&self, cx: &mut Cx, event: DomRoot<Event>) -> Fallible<bool> {
        // 1. If event's dispatch flag is set, or if its initialized flag is not set, then throw
        //    an "InvalidStateError" DOMException.
        if event.is_dispatching() || !event.is_initialized() {
            return Err(Error::dom(
                "InvalidStateError",
                "The event is already being dispatched or was not initialized",
            ));
        }
        // 2. Initialize event's isTrusted attribute to false.
        event.set_untrusted();
        // 3. Return the result of dispatching event to this.
        self.dispatch(cx, &event)
    }
}
