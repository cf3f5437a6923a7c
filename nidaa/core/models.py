from django.db import models


class IpHashKey(models.Model):
    """The key network addresses are hashed with during one period (NIDAA_IP_KEY_ROTATION_SECONDS).

    It is random, derived from nothing, and deleted soon after its period ends
    (`nidaa.core.privacy`): from then on a hash stored with a signature or an audit entry cannot
    be matched to an address by anyone, not even by someone holding the server's SECRET_KEY and
    its database. Every web process reads the same row, so a hash means the same address
    across processes for the whole period.
    """

    period = models.BigIntegerField(primary_key=True)
    key = models.BinaryField()

    def __str__(self) -> str:
        return f"network-address key of period {self.period}"  # never the key itself
