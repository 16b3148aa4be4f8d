import re

from django.urls import reverse


def test_the_admin_index_names_every_model_as_people_write_it(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()

    names = re.findall(r'<a href="/admin/\w+/\w+/">([^<]+)</a>', page)
    assert "API tokens" in names and "Pitches" in names and "List entries" in names
    assert not [name for name in names if re.search(r"(ys|chs|shs|xs|Api)\b", name)], names
