def log = new File(basedir, 'build.log').text
assert log.contains('multi: app:row1 app:row2 / lib:row1 lib:row2')
return true
