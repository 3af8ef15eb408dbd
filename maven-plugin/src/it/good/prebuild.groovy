// What an earlier build could have left in the output folder: the frame class of a method Main no longer has, and
// one of a class that is gone. Only their names matter: the build removes them without reading them.
def classes = new File(basedir, 'target/classes/it/good')
classes.mkdirs()
new File(classes, 'Main$jawait$Frame7.class').text = 'left by an earlier build'
new File(classes, 'Gone$jawait$Frame0.class').text = 'left by an earlier build'
return true
