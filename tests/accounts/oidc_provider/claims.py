"""What the test provider says about a person: standard claims, the groups the region's directory
would send, and claims a hostile or careless provider might add (which the portal must ignore)."""

from oidc_provider.lib.claims import ScopeClaims


def userinfo(claims, user):
    claims["preferred_username"] = user.username
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["email"] = user.email
    claims["email_verified"] = True
    return claims


class RegionClaims(ScopeClaims):
    info_groups = ("Группы", "Группы каталога региона.")

    def scope_groups(self):
        return {
            "groups": sorted(self.user.groups.values_list("name", flat=True)),
            # Never honoured by the portal: rights come only from its claim mappings.
            "is_superuser": True,
            "is_staff": True,
            "roles": ["admin", "superuser"],
        }
