"""Issue 19, played in Chromium: the regional coordinator logs in, lands on the region's
municipalities side by side, opens one to see its schools' aggregates, exports the region, and
reads the same page on a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser import session, shoot
from tests.cast import make_cast

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_regional_coordinator_reads_the_region_and_a_municipality(live_server, browser):
    cast = make_cast()
    context, page = session(browser, live_server, cast.regional.username)
    expect(page).to_have_url(f"{live_server.url}/region/")
    expect(page.get_by_role("heading", level=1)).to_have_text(str(cast.region))
    table = page.get_by_test_id("region-municipalities")
    expect(table.get_by_role("link", name=str(cast.municipality))).to_be_visible()
    expect(page.get_by_test_id("region-total")).to_be_visible()
    expect(page.get_by_test_id("as-of")).to_contain_text("Данные на")
    assert str(cast.school) not in page.content()  # aggregates only: no school, no person here
    shoot(page, "region-index")

    with page.expect_download() as download:
        page.get_by_role("link", name="Выгрузить в XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    table.get_by_role("link", name=str(cast.municipality)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(cast.municipality))
    schools = page.get_by_test_id("municipality-schools")
    expect(schools).to_contain_text(str(cast.school))
    expect(schools).to_contain_text(str(cast.other_school))
    expect(page.get_by_role("navigation", name="Навигационная цепочка")).to_contain_text(str(cast.region))
    shoot(page, "region-municipality")
    context.close()

    phone, small = session(browser, live_server, cast.regional.username, width=390)
    expect(small.get_by_test_id("region-municipalities")).to_be_visible()
    # The table scrolls in its own box; the page itself never wider than the phone.
    assert small.evaluate("document.documentElement.scrollWidth") <= 390
    shoot(small, "region-phone")
    phone.close()
