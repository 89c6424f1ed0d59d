"""The workflow as the review tests expect it, shared by the service and the view tests."""

STATUSES = ["draft", "submitted", "approved", "issued"]
# (status it starts from, status it leads to, roles that may take it)
STEPS = {
    "submit": ("draft", "submitted", {"editor", "admin"}),
    "return": ("submitted", "draft", {"leader", "admin"}),
    "approve": ("submitted", "approved", {"leader", "admin"}),
    "issue": ("approved", "issued", {"leader", "admin"}),
}
