// The script throws when it runs: registering it must fail.
throw new Error("this service worker script throws");
