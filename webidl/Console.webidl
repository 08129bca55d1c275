// Console Standard
// https://console.spec.whatwg.org/#console-namespace
// Only the logging functions this project implements.

[Exposed=*]
namespace console {
  undefined log(any... data);
  undefined info(any... data);
  undefined warn(any... data);
  undefined error(any... data);
  undefined debug(any... data);
};
