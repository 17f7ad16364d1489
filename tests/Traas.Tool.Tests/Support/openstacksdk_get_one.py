"""The reference for clouds.yaml resolution: Debian's python3-openstacksdk, asked exactly as the issue
says, OpenStackConfig().get_one(cloud). Prints what traas-ci must resolve to, as JSON."""
import json
import sys
import warnings

warnings.simplefilter("ignore")
import openstack.config  # noqa: E402

cloud = sys.argv[1] or None
region = sys.argv[2] or None
try:
    kwargs = {"region_name": region} if region else {}
    found = openstack.config.OpenStackConfig().get_one(cloud, **kwargs)
    verify, _ = found.get_requests_verify_args()
    print(json.dumps({
        "name": found.name,
        "auth_type": found.config["auth_type"],
        "auth": {k: str(v) for k, v in found.config["auth"].items() if v is not None},
        "region_name": found.region_name or None,
        "interface": found.config.get("interface"),
        "verify": bool(verify),
        "cacert": verify if isinstance(verify, str) else None,
    }, sort_keys=True))
except Exception as e:  # the test compares failures too
    print(json.dumps({"error": type(e).__name__}))
