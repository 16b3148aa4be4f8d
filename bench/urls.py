"""The product's URLs plus the bench's peer API (a plain DRF ModelViewSet), served only by
bench.settings."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from bench.peers import PlainInfluencerViewSet
from irm.urls import handler400, handler403, handler404, handler500, urlpatterns  # noqa: F401

router = SimpleRouter()
router.register("influencers", PlainInfluencerViewSet, basename="plain-influencer")

urlpatterns = [path("bench-peer/", include(router.urls)), *urlpatterns]
