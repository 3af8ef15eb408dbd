#!/usr/bin/env python3
"""Disassembles the C2-compiled code of a benchmark from a HotSpot log, on a machine without hsdis.

Without the hsdis library, -XX:+PrintAssembly still prints each compiled method's machine code, as hex words
("abstract disassembly"). This collects the bytes of every final C2 compilation (tier 4, not on-stack replacement)
of the methods whose header contains PATTERN, and disassembles them with binutils' objdump at their real addresses,
so that two JVMs' code can be compared and where the hot loop lies can be read (as docs/benchmarks.md does for
scenario 1). Standard library and objdump only.

    java -jar benchmarks/target/benchmarks.jar 'CompletedAwaitBenchmark.jawait$' -f 1 -wi 3 -w 1 -i 3 -r 1 \\
      -jvmArgsAppend "-XX:+UnlockDiagnosticVMOptions \\
        -XX:CompileCommand=print,*CompletedAwaitBenchmark_jawait_jmhTest::jawait_avgt_jmhStub" > log.txt
    python3 benchmarks/disassemble.py log.txt jawait_avgt_jmhStub            (the code, one block per compilation)
    python3 benchmarks/disassemble.py log.txt jawait_avgt_jmhStub --loops    (the entry, and where each loop lies)
"""
import re
import subprocess
import sys
import tempfile

CODE_LINE = re.compile(r"\s+0x([0-9a-f]+): ([0-9a-f |]+)$")
CONDITIONAL_JUMP = re.compile(r"^\s*([0-9a-f]+):\s.*\s(j(?!mp)[a-z]+)\s+0x([0-9a-f]+)")


def compilations(log_lines):
    """(header, start address, code bytes) of each compiled method printed in the log, in order."""
    found = []
    current = None
    in_code = False
    for line in log_lines:
        if line.startswith("Compiled method"):
            current = {"header": line.strip(), "start": None, "code": bytearray()}
            found.append(current)
            in_code = False
        elif current is None:
            continue
        elif line.startswith("[MachCode]"):
            in_code = True
        elif line.startswith("[/MachCode]"):
            in_code = False
        elif in_code:
            match = CODE_LINE.match(line)
            if not match:
                continue  # a relocation or debug-info note between the words
            address = int(match.group(1), 16)
            words = bytes.fromhex(match.group(2).replace("|", "").replace(" ", ""))
            if current["start"] is None:
                current["start"] = address
            gap = address - current["start"] - len(current["code"])
            current["code"] += b"\x90" * max(gap, 0)  # never seen; keeps later addresses right if it happens
            current["code"] += words
    return [(c["header"], c["start"], bytes(c["code"])) for c in found if c["start"] is not None]


def is_final_c2(header):
    """Tier 4 and not on-stack replacement: the code a benchmark's steady state runs."""
    return "(c2)" in header and " % " not in header


def objdump(start, code):
    with tempfile.NamedTemporaryFile(suffix=".bin") as raw:
        raw.write(code)
        raw.flush()
        listing = subprocess.run(["objdump", "-D", "-b", "binary", "-mi386:x86-64", f"--adjust-vma={start:#x}",
                                  raw.name], capture_output=True, text=True, check=True).stdout
    return [line for line in listing.splitlines() if re.match(r"^\s*[0-9a-f]+:\t", line)]


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    log, pattern, loops_only = argv[1], argv[2], "--loops" in argv[3:]
    with open(log, errors="replace") as f:
        lines = f.read().splitlines()
    for header, start, code in compilations(lines):
        if not is_final_c2(header) or pattern not in header:
            continue
        listing = objdump(start, code)
        print(f"== {header}\n   entry {start:#x} (entry mod 256: {start % 256:#04x}), {len(code)} bytes")
        if not loops_only:
            print("\n".join(listing))
            continue
        for line in listing:
            # A loop is closed by a conditional jump back to its head, inside the method; an unconditional jump back
            # is a merge of two paths, and one out of the method a call to a stub.
            match = CONDITIONAL_JUMP.match(line)
            if not match:
                continue
            end, head = int(match.group(1), 16), int(match.group(3), 16)
            if start <= head < end:
                print(f"   loop {head:#x}..{end:#x}: entry+{head - start:#x}, {end - head} bytes to its branch, "
                      f"head mod 64 = {head % 64}, mod 256 = {head % 256:#04x}")


if __name__ == "__main__":
    main(sys.argv)
