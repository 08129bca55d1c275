// High Resolution Time
// https://w3c.github.io/hr-time/#the-epochtimestamp-typedef

typedef unsigned long long EpochTimeStamp;
