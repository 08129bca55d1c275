//! The `Location` interface (reading the document's URL, navigating, reload()) and
//! `WorkerLocation`.
//! <https://html.spec.whatwg.org/multipage/nav-history-apis.html#the-location-interface>
//! <https://html.spec.whatwg.org/multipage/workers.html#worker-locations>

use bindings::{Cx, Dom, DomRoot, Error, Fallible, Reflector, Trace, Tracer};
use url::{quirks, Url};

use crate::dom::bindings::generated::{LocationMethods, WorkerLocationMethods};
use crate::dom::globalscope::GlobalRoot;
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

impl Location {
    /// The Location-object navigate steps for a URL given by script: parsed relative to the
    /// entry settings object (the calling script's global).
    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#location-object-navigate>
    fn navigate_to(&self, cx: &mut Cx, value: &str) -> Fallible<()> {
        // 1. If this's relevant Document is null, then return.
        if self.window.is_discarded() {
            return Ok(());
        }
        // 2. Let url be the result of encoding-parsing a URL given the given value, relative to
        //    the entry settings object. 3. If url is failure, throw a "SyntaxError".
        let url = match bindings::security::scripted_caller_global(cx) {
            Some(caller) => GlobalRoot::from_object(&caller)?.parse_url(value)?,
            None => self.url().join(value).map_err(|e| Error::dom("SyntaxError", format!("{value:?}: {e}")))?,
        };
        // 4. Location-object navigate this to url (herald keeps no session history, so "push"
        //    and "replace" are alike).
        crate::loader::navigate(&self.window, Some(url));
        Ok(())
    }
}

impl LocationMethods for Location {
    url_getters!();

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-href>
    fn set_href(&self, cx: &mut Cx, value: String) -> Fallible<()> {
        self.navigate_to(cx, &value)
    }

    /// <https://html.spec.whatwg.org/multipage/nav-history-apis.html#dom-location-replace>
    fn replace(&self, cx: &mut Cx, url: String) -> Fallible<()> {
        self.navigate_to(cx, &url)
    }

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
