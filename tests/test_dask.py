"""--scheduler on a real Dask cluster: a `dask scheduler` and two `dask worker` processes on 127.0.0.1.

The cluster is started once for this module on free ports and torn down at the end; every wait is
bounded.  The workers carry the fault-injection variables of extractor.executors, so a file named
kill-me.txt kills the worker process that gets it (once; the nanny starts a new one).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys

import pytest
from archive_helpers import agreement_text, make_archive
from test_batch import manifest, tables

from extractor import executors
from extractor.batch import run_batch
from extractor.cli import main
from extractor.executors import ProcessExecutor
from extractor.options import Options

distributed = pytest.importorskip("distributed")

START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc: subprocess.Popen) -> None:
    """SIGTERM the process group (nanny and worker), then SIGKILL after a bounded wait."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
        if proc.poll() is not None:
            break
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
        except subprocess.TimeoutExpired:
            continue
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # anything the group left behind
    except ProcessLookupError:
        pass


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """The address of a running scheduler with two single-threaded workers, and the kill-marker folder."""
    base = tmp_path_factory.mktemp("dask")
    markers = base / "markers"
    markers.mkdir()
    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, executors.KILL_ON_ENV: "kill-me.txt", executors.KILL_ONCE_DIR_ENV: str(markers),
           "DASK_DISTRIBUTED__WORKER__DAEMON": "False"}
    logs = [open(base / f"{name}.log", "wb") for name in ("scheduler", "worker-1", "worker-2")]
    procs = [subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1",
                               "--port", address.rsplit(":", 1)[1], "--no-dashboard"],
                              stdout=logs[0], stderr=subprocess.STDOUT, env=env, start_new_session=True)]
    try:
        for i in (1, 2):
            procs.append(subprocess.Popen(
                [sys.executable, "-m", "dask", "worker", address, "--host", "127.0.0.1", "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--name", f"worker-{i}", "--death-timeout", "60"],
                stdout=logs[i], stderr=subprocess.STDOUT, env=env, start_new_session=True))
        with distributed.Client(address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield address, markers
    finally:
        for proc in reversed(procs):
            stop(proc)
        for log in logs:
            log.close()


def test_a_batch_on_the_cluster_gives_the_tables_of_a_local_run(cluster, tmp_path, capsys):
    address, _ = cluster
    make_archive(tmp_path / "in", n=6, duplicates=2)
    run_batch([tmp_path / "in"], tmp_path / "local", Options(), executor=ProcessExecutor(2))
    code = main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "dask"), "--scheduler", address])
    assert code == 0
    assert "6 ok, 0 partial, 0 failed, 2 duplicate" in capsys.readouterr().out
    assert tables(tmp_path / "dask", drop_seconds=True) == tables(tmp_path / "local", drop_seconds=True)
    # and a re-run through the cluster takes everything from the cache
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "dask"), "--scheduler", address]) == 0
    assert "6 cached" in capsys.readouterr().out


def test_a_worker_killed_mid_batch_costs_no_row(cluster, tmp_path, capsys):
    address, markers = cluster
    make_archive(tmp_path / "in", n=5, duplicates=1)
    (tmp_path / "in" / "kill-me.txt").write_text(agreement_text(6), encoding="utf-8")
    assert main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--scheduler", address]) == 0
    assert (markers / "kill-me.txt").exists()  # a worker did die on it
    rows = manifest(tmp_path / "out")
    assert len(rows) == 7
    assert {name: row["status"] for name, row in rows.items()} == {
        **{f"agreement-{i:02d}.txt": "ok" for i in range(5)}, "same-as-00.txt": "duplicate", "kill-me.txt": "ok"}
    assert "6 ok" in capsys.readouterr().out


def test_an_unreachable_scheduler_is_an_error_with_advice(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", 2.0)
    make_archive(tmp_path / "in", n=1, duplicates=0)
    code = main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--quiet",
                 "--scheduler", f"tcp://127.0.0.1:{free_port()}"])
    assert code == 1
    assert "cannot reach the Dask scheduler" in capsys.readouterr().err


def test_without_dask_installed_scheduler_is_a_usage_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)
    make_archive(tmp_path / "in", n=1, duplicates=0)
    code = main(["run", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--scheduler", "tcp://127.0.0.1:1"])
    assert code == 2
    assert "pip install 'extractor[dask]'" in capsys.readouterr().err
