def log = new File(basedir, 'build.log').text
assert log.contains("jawait: option blocking-call: 'loud' is not a check level; accepted: blocking-call=error|warning|off")
assert !log.contains('jawait: rewrote')
return true
