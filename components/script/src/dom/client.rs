//! The `Client` interface: a service worker's view of a service worker client (a window or a
//! worker), a new object each time one is handed out.
//! <https://w3c.github.io/ServiceWorker/#client-interface>

use bindings::{Cx, DomRoot, Fallible, Reflector, RootedValue, Trace, Tracer};

use crate::dom::bindings::generated::{ClientMethods, ClientType};
use crate::dom::globalscope::GlobalRoot;
use crate::dom::windowclient::WindowClient;
use crate::serviceworker::manager::Msg;
use crate::serviceworker::{ClientKind, ClientSnapshot, FrameType};

#[repr(C)]
pub struct Client {
    pub(crate) reflector: Reflector,
    snapshot: ClientSnapshot,
}

impl Trace for Client {
    fn trace(&self, _: &Tracer) {}
}

impl Client {
    pub(crate) fn new_inherited(snapshot: &ClientSnapshot) -> Client {
        Client { reflector: Reflector::new(), snapshot: snapshot.clone() }
    }

    /// A new object (in the current realm) for the client: a WindowClient for a window
    /// ("Create Window Client"), a Client otherwise ("Create Client").
    /// <https://w3c.github.io/ServiceWorker/#create-client-algorithm>
    pub fn create(cx: &mut Cx, snapshot: &ClientSnapshot) -> Fallible<DomRoot<Client>> {
        if snapshot.kind == ClientKind::Window {
            return WindowClient::create(cx, snapshot).map(DomRoot::upcast);
        }
        let proto = bindings::interface::prototype_for(cx, <Client as bindings::DomInterface>::ID)?;
        bindings::reflector::reflect_dom_object(cx, Box::new(Client::new_inherited(snapshot)), proto.handle())
    }

    pub fn snapshot(&self) -> &ClientSnapshot {
        &self.snapshot
    }
}

impl ClientMethods for Client {
    /// <https://w3c.github.io/ServiceWorker/#client-url>: the client's creation URL.
    fn url(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.snapshot.url.as_str().to_owned())
    }

    /// <https://w3c.github.io/ServiceWorker/#client-frametype>
    fn frame_type(&self, _cx: &mut Cx) -> Fallible<FrameType> {
        Ok(self.snapshot.frame_type)
    }

    /// <https://w3c.github.io/ServiceWorker/#client-id>: the client's environment id.
    fn id(&self, _cx: &mut Cx) -> Fallible<String> {
        Ok(self.snapshot.id.0.clone())
    }

    /// <https://w3c.github.io/ServiceWorker/#client-type>
    fn type_(&self, _cx: &mut Cx) -> Fallible<ClientType> {
        Ok(match self.snapshot.kind {
            ClientKind::Window => ClientType::Window,
            ClientKind::Worker | ClientKind::ServiceWorker => ClientType::Worker,
        })
    }

    /// <https://w3c.github.io/ServiceWorker/#client-postmessage-options>
    fn post_message(
        &self,
        cx: &mut Cx,
        message: RootedValue,
        transfer_or_options: Option<RootedValue>,
    ) -> Fallible<()> {
        // 1. Let contextObject be this. 2. Let sourceSettings be the relevant settings object.
        // 3. Let serializeWithTransferResult be StructuredSerializeWithTransfer(message,
        //    options["transfer"]); rethrow any exceptions.
        let data = crate::dom::messageport::serialize_posted_message(cx, &message, transfer_or_options.as_ref())?;
        // 4. Run in parallel: find the client; queue a task on its event loop to add a message
        //    to its client message queue, whose source is this service worker (the manager
        //    routes it; see serviceworker::global::deliver_message).
        let global = GlobalRoot::current(cx)?;
        let Some(from) = global.as_service_worker().map(|sw| sw.worker_key()) else { return Ok(()) };
        crate::host::current().service_workers.send(Msg::PostToClient { from, client: self.snapshot.id.clone(), data });
        Ok(())
    }
}
