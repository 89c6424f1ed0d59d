import pytest

from tests.factories import ActivityFactory, PlanFactory, SectionFactory


@pytest.fixture
def plan(committee):
    """A draft plan of committee A with one part and two activities."""
    plan = PlanFactory(committee=committee, title="2026年度协商工作计划")
    section = SectionFactory(plan=plan, position=1, heading="重点协商")
    ActivityFactory(section=section, position=1, topic="推进乡村振兴")
    ActivityFactory(section=section, position=2, topic="优化营商环境")
    return plan
