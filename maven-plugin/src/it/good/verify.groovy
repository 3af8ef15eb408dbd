def log = new File(basedir, 'build.log').text
assert log.contains('suspended=true')
assert log.contains('total=10')
assert log.contains('[INFO] jawait: rewrote 1 method in 1 of 1 class')
// The second build sees the rewritten class and leaves it alone.
assert log.contains('jawait: rewrote 0 methods in 0 of 1 class (1 already rewritten)')
return true
