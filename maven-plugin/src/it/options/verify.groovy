def log = new File(basedir, 'build.log').text
def root = new File(basedir, 'src/main/java/it/options').absolutePath
// blockingCall=error, and blockingCalls adds legacyQuery; the lambda is named by its method and line.
assert log.contains("[ERROR] ${root}/deep/Service.java:[23] error: [blocking-call] Thread.sleep() blocks the thread in async method it.options.deep.Service.handle()")
assert log.contains("[ERROR] ${root}/deep/Service.java:[24] error: [blocking-call] Service.legacyQuery() blocks the thread")
assert log.contains("[ERROR] ${root}/deep/Service.java:[30] error: [blocking-call] Service.legacyQuery() blocks the thread in async lambda in it.options.deep.Service.later (Service.java:29)")
assert log.contains('[INFO] jawait: rewrote lambda in it.options.deep.Service.later (Service.java:29)')
assert !log.contains('lambda$')
// cancellationCaught=error: the catch of IllegalStateException around an await.
assert log.contains("[ERROR] ${root}/deep/Service.java:[37] error: [cancellation-caught] the catch (IllegalStateException) at line 38 in async method it.options.deep.Service.orDefault() also catches the cancellation of this await")
// neverAwaited=off: the dropped audit(...) is not reported.
assert !log.contains('[never-awaited]')
// The exclude it/options/gen/* skips Generated but not gen.keep.Kept.
assert !log.contains('Generated')
assert log.contains("[ERROR] ${root}/gen/keep/Kept.java:[10] error: await in it.options.gen.keep.Kept.notAsync(), which is not @dev.jawait.Async;")
assert log.contains('[INFO] jawait: rewrote 4 methods in 1 of 2 classes')
return true
