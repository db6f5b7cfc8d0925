#!/usr/bin/env python3
"""A stand-in for emu that does what a guest powering off right after its marker makes emu do:
it serves QMP until cont, logs the marker, closes its monitor, and exits a few seconds later
with the status given by --fake-exit (the runner is asking for its screendump meanwhile)."""
import json
import socket
import sys
import time

args = sys.argv[1:]
path = args[args.index("-qmp") + 1][len("unix:"):].split(",")[0]
line_log = args[args.index("--line-log") + 1]
status = int(args[args.index("--fake-exit") + 1])

listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
listener.bind(path)
listener.listen(1)
connection, _ = listener.accept()
stream = connection.makefile("rwb", buffering=0)
stream.write(b'{"QMP": {"version": {}, "capabilities": []}}\n')
for expected in ("qmp_capabilities", "cont"):
    request = json.loads(stream.readline())
    assert request["execute"] == expected, request
    stream.write(json.dumps({"return": {}, "id": request["id"]}).encode() + b"\n")

with open(line_log, "a") as log:
    log.write("1000 com1 EMU-DONE\n")

stream.close()
connection.close()
listener.close()
time.sleep(5)
sys.exit(status)
