def log = new File(basedir, 'build.log').text
def source = new File(basedir, 'src/main/java/it/checks/Service.java').absolutePath
assert log.contains("[WARNING] ${source}:[17] warning: [never-awaited] the future returned by Service.audit() is dropped in it.checks.Service.handle()")
assert log.contains("[WARNING] ${source}:[18] warning: [blocking-call] Thread.sleep() blocks the thread in async method it.checks.Service.handle()")
assert log.contains("[ERROR] ${source}:[18] error: [blocking-call] Thread.sleep() blocks the thread")
assert log.contains('jawait: 1 error in async code (see above)')
return true
