// HTML Standard
// https://html.spec.whatwg.org/multipage/webappapis.html#eventhandler

[LegacyTreatNonObjectAsNull]
callback EventHandlerNonNull = any (Event event);
typedef EventHandlerNonNull? EventHandler;

// The callback type `onerror` handlers of globals are invoked as (the special error event
// handling of the event handler processing algorithm). The attributes keep the EventHandler
// type; only the invocation differs.
[LegacyTreatNonObjectAsNull]
callback OnErrorEventHandlerNonNull = any ((Event or DOMString) event, optional DOMString source, optional unsigned long lineno, optional unsigned long colno, optional any error);
