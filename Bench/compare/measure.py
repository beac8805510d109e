"""Run a command and record its wall time, CPU time and peak resident memory (the child's
ru_maxrss, from wait4), so that every engine's whole process is measured the same way.

    python measure.py --out STATS.json [--stdout FILE] -- COMMAND [ARGS...]

Exits with the command's status.
"""

import argparse
import json
import os
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--stdout", help="file for the command's standard output")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    stdout = open(args.stdout, "wb") if args.stdout else None
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=stdout)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if stdout:
        stdout.close()
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump({"command": command, "exit": child.returncode, "wall_s": wall,
                   "user_s": usage.ru_utime, "sys_s": usage.ru_stime,
                   "peak_rss_kib": usage.ru_maxrss}, out, indent=1)
    return child.returncode


if __name__ == "__main__":
    sys.exit(main())
