"""The 评选 page's SelectionFilter: each filter narrows the rows; a bogus value lists none (no 500)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_selection_filters_narrow_and_bogus_values_list_nothing(client, secretariat, commendation, division,
                                                               other_division, nominate):
    person = commendation["person"]
    nominate(person, commendation["entries"][division.pk][0], selected=True)
    nominate(person, commendation["entries"][other_division.pk][0], person_name="赵六", selected=True)
    nominate(person, commendation["entries"][other_division.pk][1], person_name="钱七")
    client.force_login(secretariat)
    url = reverse("commendation:selection", args=[person.pk])

    def names(params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(n.nominee for n in response.context["page"])

    assert names({"division": other_division.pk, "status": "selected"}) == ["赵六"]
    assert names({"status": "unselected"}) == ["钱七"]
    assert names({"status": "xyz"}) == []
    assert names({"division": "abc"}) == []
    assert names({"division": 999999}) == []
    response = client.get(url, {"division": other_division.pk, "status": "xyz"})
    assert response.context["params"] == {"division": str(other_division.pk), "industry": "", "status": ""}
