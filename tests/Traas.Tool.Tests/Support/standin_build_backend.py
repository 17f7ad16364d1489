"""Stand-in PEP 517 build backend of the tests' stand-in tripleo-quickstart-extras.

The tests run offline: this needs nothing from an index. It zips standin_extras.py into a wheel.
"""
import base64
import hashlib
import os
import zipfile

NAME, VERSION = "standin_extras", "0.1"


def _record(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    info = f"{NAME}-{VERSION}.dist-info"
    with open("standin_extras.py", "rb") as module:
        files = {
            "standin_extras.py": module.read(),
            f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {NAME}\nVersion: {VERSION}\n".encode(),
            f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: standin\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
        }
    record = "".join(_record(name, data) + "\n" for name, data in files.items()) + f"{info}/RECORD,,\n"
    wheel = f"{NAME}-{VERSION}-py3-none-any.whl"
    with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr(f"{info}/RECORD", record)
    return wheel
