"""The peer a Django user gets for free: a ModelViewSet over a ModelSerializer of every
influencer field, paginated 100 a page like the product's API list measured against it."""

from rest_framework import pagination, serializers, viewsets
from rest_framework.permissions import IsAuthenticated

from contacts.models import Influencer


class PlainInfluencerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Influencer
        exclude = ["search_vector"]


class PlainPagination(pagination.PageNumberPagination):
    page_size = 100


class PlainInfluencerViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlainInfluencerSerializer
    pagination_class = PlainPagination
    permission_classes = [IsAuthenticated]
    # The same rows as the product's list: one workspace, not erased, by name.
    queryset = Influencer.objects.filter(erased_at__isnull=True).order_by("sort_name", "id")

    def get_queryset(self):
        slug = self.request.query_params.get("workspace", "")
        return super().get_queryset().filter(workspace__slug=slug)
