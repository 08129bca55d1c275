// File API: Blob (without stream() and bytes()) and blob: URLs.
// https://w3c.github.io/FileAPI/#blob-section
// https://w3c.github.io/FileAPI/#url
// BlobPart is (BufferSource or Blob or USVString), and the generator has no BufferSource type:
// the constructor steps convert each part from any.

[Exposed=(Window,Worker), Serializable]
interface Blob {
  constructor(optional sequence<any> blobParts, optional BlobPropertyBag options = {});

  readonly attribute unsigned long long size;
  readonly attribute DOMString type;

  [NewObject] Blob slice(optional long long start, optional long long end, optional DOMString contentType);

  [NewObject] Promise<USVString> text();
  [NewObject] Promise<ArrayBuffer> arrayBuffer();
};

enum EndingType { "transparent", "native" };

dictionary BlobPropertyBag {
  DOMString type = "";
  EndingType endings = "transparent";
};

partial interface URL {
  [Exposed=(Window,DedicatedWorker,SharedWorker)] static DOMString createObjectURL(Blob obj);
  [Exposed=(Window,DedicatedWorker,SharedWorker)] static undefined revokeObjectURL(DOMString url);
};
