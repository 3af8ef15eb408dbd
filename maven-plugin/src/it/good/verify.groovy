def log = new File(basedir, 'build.log').text
assert log.contains('suspended=true')
assert log.contains('total=10')
// The build writes the method's frame class beside it, where the suspended call's frame comes from.
assert new File(basedir, 'target/classes/it/good/Main$jawait$Frame0.class').isFile()
assert log.contains('frame=it.good.Main$jawait$Frame0')
assert log.contains('[INFO] jawait: rewrote 1 method in 1 of 1 class')
// The first build removed the frame class files prebuild.groovy put there as an earlier build's leftovers.
assert log.contains('[INFO] jawait: rewrote 1 method in 1 of 1 class; removed 2 frame class files an earlier build left')
assert !new File(basedir, 'target/classes/it/good/Main$jawait$Frame7.class').exists()
assert !new File(basedir, 'target/classes/it/good/Gone$jawait$Frame0.class').exists()
// The second build sees the rewritten class and leaves it alone.
assert log.contains('jawait: rewrote 0 methods in 0 of 1 class (1 already rewritten)')
return true
