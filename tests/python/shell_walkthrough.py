"""Runs the shell blocks of a document (the README, docs/deployments.md) top to bottom against the
real binary, as one shell session would: variables set by a command (`export`, `NAME=$(…)`) carry
over, `… &` starts a background job (the caller's ports are waited for), `kill %N; wait %N` stops job
N. What the harness changes, and only that: the ports 8080/8081/9090 become free ones (in the
commands and in files the caller copies, and for the listeners' defaults PORTCULLIS_LISTEN and
PORTCULLIS_MANAGEMENT_LISTEN), `swift build -c release` is skipped and `.build/release/portcullis`
is $PORTCULLIS_BIN. A curl answer must have the status its comment names (any 2xx when it names
none) and contain every text its comment quotes between backticks; a deployment may take a moment
to go live, so a curl is retried for up to 3 s before it fails. Every other command must exit 0.
"""
import os
import re
import shlex
import shutil
import signal
import subprocess
import time

from conftest import ROOT, free_port, wait_for_port


def shell_commands(document, sections):
    """The lines of the `sh` blocks under `sections` (level-2 headings) of `document`, continuation
    lines joined, comments and blank lines left out."""
    text = document.read_text()
    commands = []
    for heading in sections:
        section = text.split("\n" + heading + "\n", 1)[1].split("\n## ", 1)[0]
        for block in re.findall(r"```sh\n(.*?)```", section, re.S):
            for line in re.sub(r"\\\n\s*", " ", block).splitlines():
                line = line.strip()
                if line and not line.startswith("#"):
                    commands.append(line)
    return commands


def expected_status(command):
    comment = re.search(r"\s#\s(.*)$", command)
    number = re.search(r"\b([1-5]\d\d)\b", comment.group(1)) if comment else None
    return int(number.group(1)) if number else None


def expected_texts(command):
    """The texts a curl's comment quotes between backticks: its output must contain each."""
    comment = re.search(r"\s#\s(.*)$", command)
    return re.findall(r"`([^`]+)`", comment.group(1)) if comment else []


class Session:
    """One shell session, command by command."""

    def __init__(self, directory, ports, binary):
        self.directory = directory
        self.ports = ports
        self.binary = binary
        self.jobs = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith(("PORTCULLIS_", "AWS_"))}
        self.env.update(AWS_PAGER="", AWS_CONFIG_FILE=str(directory / "no-aws-config"),
                        AWS_SHARED_CREDENTIALS_FILE=str(directory / "no-aws-credentials"),
                        # The listeners' default ports, where a command relies on them.
                        PORTCULLIS_LISTEN=f"127.0.0.1:{ports[8080]}",
                        PORTCULLIS_MANAGEMENT_LISTEN=f"127.0.0.1:{ports[8081]}")

    def substitute(self, text):
        for original, port in self.ports.items():
            text = re.sub(rf"\b{original}\b", str(port), text)
        return text.replace(".build/release/portcullis", shlex.quote(self.binary))

    def run(self, readme_line):
        command = self.substitute(readme_line)
        bare = re.sub(r"\s+#\s.*$", "", command)  # without its comment
        if bare.startswith("swift build"):
            return
        if bare.endswith("&"):
            return self.start_job(bare[:-1].strip())
        job = re.fullmatch(r"kill %(\d+); wait %\1", bare)
        if job:
            return self.stop_job(int(job.group(1)))
        expected = expected_status(command)
        texts = expected_texts(command)
        deadline = time.time() + 3
        while True:
            result = self.foreground(command)
            assert result.returncode == 0, f"{readme_line}\n{result.stdout}\n{result.stderr}\n{self.logs()}"
            if not command.startswith("curl"):
                return
            status = int(result.stdout.split(" ", 2)[1]) if result.stdout.startswith("HTTP/") else 0
            status_holds = (status == expected) if expected else (200 <= status < 300)
            if status_holds and all(text in result.stdout for text in texts):
                return
            assert time.time() < deadline, f"{readme_line}\nstatus {status}, expected {expected or '2xx'} " \
                                           f"with {texts}\n{result.stdout}\n{self.logs()}"
            time.sleep(0.1)

    def foreground(self, command):
        # `set -a`: every assignment is exported, so `env -0` hands it to the next command.
        env_file = self.directory / ".session-env"
        script = f"set -a\n{command}\nstatus=$?\nenv -0 > {shlex.quote(str(env_file))}\nexit $status\n"
        result = subprocess.run(["bash", "-c", script], cwd=self.directory, env=self.env,
                                capture_output=True, text=True, timeout=120)
        if env_file.exists():
            pairs = [item.split("=", 1) for item in env_file.read_text().split("\0") if "=" in item]
            self.env = {name: value for name, value in pairs if name not in ("status", "SHLVL", "_", "PWD", "OLDPWD")}
        return result

    def start_job(self, command):
        log = open(self.directory / f"job-{len(self.jobs) + 1}.log", "wb")
        process = subprocess.Popen(["bash", "-c", f"exec {command}"], cwd=self.directory, env=self.env,
                                   stdout=log, stderr=subprocess.STDOUT)
        self.jobs.append((process, log))
        opened = [port for port in self.ports.values() if re.search(rf"\b{port}\b", command)]
        if " serve " in command:
            opened += [self.ports[8080], self.ports[8081]]
        for port in opened:
            wait_for_port(port, process)

    def stop_job(self, number):
        process, log = self.jobs[number - 1]
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        log.close()

    def logs(self):
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-4000:]}"
                         for path in sorted(self.directory.glob("job-*.log")))

    def close(self):
        for process, log in self.jobs:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
            log.close()


def run_document(document, sections, tmp_path):
    """Runs `sections` of `document` in `tmp_path`, with a copy of `examples/`."""
    commands = shell_commands(document, sections)
    assert any(" serve " in command for command in commands), commands
    ports = {8080: free_port(), 8081: free_port(), 9090: free_port()}
    binary = os.environ.get("PORTCULLIS_BIN", str(ROOT / ".build" / "debug" / "portcullis"))
    session = Session(tmp_path, ports, binary)
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    for path in (tmp_path / "examples").iterdir():
        path.write_text(session.substitute(path.read_text()))
    try:
        for command in commands:
            session.run(command)
    finally:
        session.close()
