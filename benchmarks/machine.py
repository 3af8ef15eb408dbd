#!/usr/bin/env python3
"""Prints the machine a benchmark run used, as one JSON line: cores, memory, CPU model, JDK, load average.

With --end, only the load average: run.sh records it before and after, because other jobs share the machine."""
import json
import os
import subprocess
import sys


def cpu_model():
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "unknown"


def memory_gib():
    with open("/proc/meminfo") as info:
        for line in info:
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    return None


def main():
    load = os.getloadavg()
    if "--end" in sys.argv:
        print(json.dumps({"loadAverageAtEnd": [round(x, 2) for x in load]}))
        return
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    print(json.dumps({
        "cores": os.cpu_count(),
        "memoryGiB": memory_gib(),
        "cpu": cpu_model(),
        "java": java[0] if java else "unknown",
        "javaRuntime": java[1] if len(java) > 1 else "",
        "loadAverageAtStart": [round(x, 2) for x in load],
    }))


if __name__ == "__main__":
    main()
