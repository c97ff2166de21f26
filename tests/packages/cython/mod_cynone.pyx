# cython: language_level=3
# No @directive/@command handler: prxs cannot write the module's tables.
import json


def helper(cmd):
    return json.dumps(cmd.argv)
