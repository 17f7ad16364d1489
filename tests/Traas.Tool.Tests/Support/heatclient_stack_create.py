"""The reference for template processing: Debian's python3-heatclient, building the body of
`openstack stack create` as the openstack client does (process_template_path,
process_multiple_environments_and_files with an env_list_tracker, format_all_parameters)."""
import json
import sys

from heatclient.common import template_utils, utils
from oslo_serialization import jsonutils

spec = json.loads(sys.argv[1])
tpl_files, template = template_utils.process_template_path(spec["template"])
env_files_list = []
env_files, env = template_utils.process_multiple_environments_and_files(
    env_paths=spec["environments"], env_list_tracker=env_files_list)
body = {
    "template": template,
    "files": dict(list(tpl_files.items()) + list(env_files.items())),
    "environment": env,
    "parameters": utils.format_all_parameters(spec["parameters"], spec["parameter_files"], spec["template"]),
}
if env_files_list:
    body["environment_files"] = env_files_list
print(jsonutils.dumps(body))
