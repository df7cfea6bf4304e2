# The Conductor Python SDK (conductor-python from PyPI) with its TaskHandler, one Worker per task
# type with thread_count = the bench's concurrency. The SDK starts worker processes with the
# 'spawn' method, so everything it pickles lives at module level and the entry is guarded.
import json
import logging
import os
import signal
import sys
import threading

from conductor.client.automator.task_handler import TaskHandler
from conductor.client.configuration.configuration import Configuration
from conductor.client.http.models.task import Task
from conductor.client.worker.worker import Worker

CONFIG = json.loads(os.environ["BENCH_CONFIG"])
_lock = threading.Lock()
_executed = 0


def trivial_worker(task: Task) -> dict:
    global _executed
    output = {"echo": (task.input_data or {}).get("n")}
    with _lock:
        _executed += 1
        if _executed % CONFIG["reportEvery"] == 0:
            sys.stdout.write(f"EXECUTED {_executed}\n")
            sys.stdout.flush()
    return output


def main():
    configuration = Configuration(server_api_url=CONFIG["apiUrl"], log_level=logging.WARNING)
    workers = [
        Worker(
            task_definition_name=task_type,
            execute_function=trivial_worker,
            poll_interval=CONFIG["pollIntervalMs"],
            thread_count=CONFIG["concurrency"],
            poll_timeout=CONFIG["pollTimeoutMs"],
        )
        for task_type in CONFIG["taskTypes"]
    ]
    handler = TaskHandler(workers=workers, configuration=configuration, scan_for_annotated_workers=False)

    def on_term(signum, frame):
        handler.stop_processes()
        os._exit(0)

    signal.signal(signal.SIGTERM, on_term)
    sys.stdout.write("READY\n")
    sys.stdout.flush()
    handler.start_processes()
    handler.join_processes()


if __name__ == "__main__":
    main()
