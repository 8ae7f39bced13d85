"""What the command line does, done for editors who only have a browser.

Four workflows call these modules through `qms github …`: a proposal issue becomes a
draft in a pull request (``proposal``), a pull request that changes ownership gets its
CODEOWNERS regenerated (``codeowners_sync``), ``/granskad`` on a review issue records the
review in a pull request the owner approves (``review_request``), and `qms fix`'s repairs
are posted as review suggestions (``fix_suggestions``).

The safety model every one of them keeps (the workflows say the same in their comments):
the workflow file and the tool always come from the default branch, never from a pull
request; what a pull request or an issue contains is read as data (Markdown, YAML, the
event's JSON) and never run; a fork's pull request is only commented on, never pushed to;
and a run that finds its work already done changes nothing (hidden markers in comments,
the branch's pull request, the file's content decide it).
"""
