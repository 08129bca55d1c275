//! DOM objects: one file per interface, each implementing its generated `…Methods` trait.

pub mod blob;
pub mod childnode;
pub mod client;
pub mod clients;
pub mod comment;
pub mod console;
pub mod cssstyledeclaration;
pub mod dedicatedworkerglobalscope;
pub mod document;
pub mod domexception;
pub mod domtokenlist;
pub mod element;
pub mod errorevent;
pub mod event;
pub mod eventtarget;
pub mod extendableevent;
pub mod extendablemessageevent;
pub mod fetchevent;
pub mod globalscope;
pub mod headers;
pub mod heraldtest;
pub mod htmlbuttonelement;
pub mod htmlelement;
pub mod htmlformelement;
pub mod htmliframeelement;
pub mod htmlinputelement;
pub mod htmllabelelement;
pub mod htmloptionelement;
pub mod htmlscriptelement;
pub mod htmlselectelement;
pub mod htmltextareaelement;
pub mod imagedata;
pub mod location;
pub mod messagechannel;
pub mod messageevent;
pub mod messageport;
pub mod navigator;
pub mod node;
pub mod notification;
pub mod notificationevent;
pub mod offscreencanvas;
pub mod offscreencanvasrenderingcontext2d;
pub mod performance;
pub mod permissions;
pub mod permissionstatus;
pub mod progressevent;
pub mod promiserejectionevent;
pub mod request;
pub mod response;
pub mod serviceworker;
pub mod serviceworkercontainer;
pub mod serviceworkerglobalscope;
pub mod serviceworkerregistration;
pub mod sharedworker;
pub mod sharedworkerglobalscope;
pub mod storage;
pub mod storageevent;
pub mod submitevent;
pub mod text;
pub mod url;
pub mod urlsearchparams;
pub mod validitystate;
pub mod window;
pub mod windowclient;
pub mod worker;
pub mod workerglobalscope;
pub mod xmlhttprequest;
pub mod xmlhttprequesteventtarget;
pub mod xmlhttprequestupload;

/// The generated bindings.
pub mod domstringlist;
pub mod domstringmap;
pub mod idbcursor;
pub mod idbcursorwithvalue;
pub mod idbdatabase;
pub mod idbfactory;
pub mod idbindex;
pub mod idbkeyrange;
pub mod idbobjectstore;
pub mod idbopendbrequest;
pub mod idbrequest;
pub mod idbtransaction;
pub mod idbversionchangeevent;

pub mod bindings {
    #[allow(
        non_camel_case_types,
        non_snake_case,
        non_upper_case_globals,
        unused_imports,
        unused_parens,
        dead_code,
        clippy::all
    )]
    pub mod generated {
        include!(concat!(env!("OUT_DIR"), "/bindings.rs"));
    }
}

/// Every DOM type by its interface (or namespace) name: what the generated code refers to.
pub mod types {
    pub use super::blob::Blob;
    pub use super::client::Client;
    pub use super::clients::Clients;
    pub use super::comment::Comment;
    pub use super::console::Console;
    pub use super::cssstyledeclaration::CSSStyleDeclaration;
    pub use super::dedicatedworkerglobalscope::DedicatedWorkerGlobalScope;
    pub use super::document::Document;
    pub use super::domexception::DOMException;
    pub use super::domstringlist::DOMStringList;
    pub use super::domstringmap::DOMStringMap;
    pub use super::domtokenlist::DOMTokenList;
    pub use super::element::Element;
    pub use super::errorevent::ErrorEvent;
    pub use super::event::Event;
    pub use super::eventtarget::EventTarget;
    pub use super::extendableevent::ExtendableEvent;
    pub use super::extendablemessageevent::ExtendableMessageEvent;
    pub use super::fetchevent::FetchEvent;
    pub use super::headers::Headers;
    pub use super::heraldtest::{HeraldTest, TestUtils};
    pub use super::htmlbuttonelement::HTMLButtonElement;
    pub use super::htmlelement::HTMLElement;
    pub use super::htmlformelement::HTMLFormElement;
    pub use super::htmliframeelement::HTMLIFrameElement;
    pub use super::htmlinputelement::HTMLInputElement;
    pub use super::htmllabelelement::HTMLLabelElement;
    pub use super::htmloptionelement::HTMLOptionElement;
    pub use super::htmlscriptelement::HTMLScriptElement;
    pub use super::htmlselectelement::HTMLSelectElement;
    pub use super::htmltextareaelement::HTMLTextAreaElement;
    pub use super::idbcursor::IDBCursor;
    pub use super::idbcursorwithvalue::IDBCursorWithValue;
    pub use super::idbdatabase::IDBDatabase;
    pub use super::idbfactory::IDBFactory;
    pub use super::idbindex::IDBIndex;
    pub use super::idbkeyrange::IDBKeyRange;
    pub use super::idbobjectstore::IDBObjectStore;
    pub use super::idbopendbrequest::IDBOpenDBRequest;
    pub use super::idbrequest::IDBRequest;
    pub use super::idbtransaction::IDBTransaction;
    pub use super::idbversionchangeevent::IDBVersionChangeEvent;
    pub use super::imagedata::ImageData;
    pub use super::location::{Location, WorkerLocation};
    pub use super::messagechannel::MessageChannel;
    pub use super::messageevent::MessageEvent;
    pub use super::messageport::MessagePort;
    pub use super::navigator::{Navigator, WorkerNavigator};
    pub use super::node::Node;
    pub use super::notification::Notification;
    pub use super::notificationevent::NotificationEvent;
    pub use super::offscreencanvas::OffscreenCanvas;
    pub use super::offscreencanvasrenderingcontext2d::OffscreenCanvasRenderingContext2D;
    pub use super::performance::Performance;
    pub use super::permissions::Permissions;
    pub use super::permissionstatus::PermissionStatus;
    pub use super::progressevent::ProgressEvent;
    pub use super::promiserejectionevent::PromiseRejectionEvent;
    pub use super::request::Request;
    pub use super::response::Response;
    pub use super::serviceworker::ServiceWorker;
    pub use super::serviceworkercontainer::ServiceWorkerContainer;
    pub use super::serviceworkerglobalscope::ServiceWorkerGlobalScope;
    pub use super::serviceworkerregistration::ServiceWorkerRegistration;
    pub use super::sharedworker::SharedWorker;
    pub use super::sharedworkerglobalscope::SharedWorkerGlobalScope;
    pub use super::storage::Storage;
    pub use super::storageevent::StorageEvent;
    pub use super::submitevent::SubmitEvent;
    pub use super::text::Text;
    pub use super::url::URL;
    pub use super::urlsearchparams::URLSearchParams;
    pub use super::validitystate::ValidityState;
    pub use super::window::Window;
    pub use super::windowclient::WindowClient;
    pub use super::worker::Worker;
    pub use super::workerglobalscope::WorkerGlobalScope;
    pub use super::xmlhttprequest::XMLHttpRequest;
    pub use super::xmlhttprequesteventtarget::XMLHttpRequestEventTarget;
    pub use super::xmlhttprequestupload::XMLHttpRequestUpload;
}
