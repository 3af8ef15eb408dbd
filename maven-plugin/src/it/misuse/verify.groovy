def log = new File(basedir, 'build.log').text
def source = new File(basedir, 'src/main/java/it/misuse/Mistakes.java').absolutePath
assert log.contains("[ERROR] ${source}:[12] error: await in it.misuse.Mistakes.notAsync(), which is not @dev.jawait.Async;")
assert log.contains("[ERROR] ${source}:[17] error: @dev.jawait.Async method it.misuse.Mistakes.notAFuture() returns java.lang.String")
assert log.contains("[ERROR] ${source}:[22] error: await in synchronized method it.misuse.Mistakes.synchronizedMethod()")
assert log.contains("[ERROR] ${source}:[28] error: cannot rewrite it.misuse.Mistakes.synchronizedBlock(): await inside a synchronized block")
assert log.contains('jawait: 4 errors in async code (see above)')
return true
