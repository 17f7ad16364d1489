"""Another client's stacks: Debian's python3-openstacksdk creates or shows a stack, as a user who
never heard of traas-ci would (`openstack stack create --wait`). Prints the stack as JSON.

  openstacksdk_stack.py create NAME TEMPLATE [TAGS]
  openstacksdk_stack.py show NAME
"""
import json
import sys
import time
import warnings

warnings.simplefilter("ignore")
import openstack  # noqa: E402

verb, name = sys.argv[1], sys.argv[2]
conn = openstack.connect()
if verb == "create":
    tags = sys.argv[4] if len(sys.argv) > 4 else None
    # wait=False, then our own poll: openstacksdk's wait polls the events every 5 s.
    conn.create_stack(name, template_file=sys.argv[3], wait=False, timeout=300, tags=tags)
    deadline = time.monotonic() + 300
    while conn.orchestration.find_stack(name, ignore_missing=True).status == "CREATE_IN_PROGRESS":
        if time.monotonic() > deadline:
            sys.exit(f"stack {name} still CREATE_IN_PROGRESS after 300 s")
        time.sleep(0.5)
found = conn.orchestration.find_stack(name, ignore_missing=True)
if found is None:
    print(json.dumps(None))
else:
    stack = conn.orchestration.get_stack(found.id)
    print(json.dumps({"id": stack.id, "name": stack.name, "status": stack.status,
                      "updated": stack.updated_at}))
