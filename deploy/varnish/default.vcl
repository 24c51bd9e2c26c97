vcl 4.1;
# Varnish in front of Dateline's app server (granian on 127.0.0.1:8000 by default).
#
# Cached pages are shared by every reader: Dateline sends no per-reader data to anonymous
# readers (no cookies, no Vary: Cookie) and tags every page with the keys of what it shows
# (`xkey` header). On each change Dateline sends `PURGE` with `xkey-purge: <keys>`
# (VARNISH_XKEY_PURGE_URL), and exactly the pages that showed the changed things are dropped.
# Needs Debian's varnish and varnish-modules (vmod_xkey).

import xkey;
import std;

backend dateline {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Not allowed"));
        }
        if (req.http.xkey-purge) {
            set req.http.n-gone = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Purged " + req.http.n-gone + " objects"));
        }
        return (purge);  # a URL purge (Wagtail's HTTP frontend-cache backend)
    }
    # Editors (a session cookie) and the newsroom always reach the app. The app checks the
    # session: a made-up cookie is answered from the app's own page cache, not rendered.
    if (req.url ~ "^/(admin|django-admin|documents|newsletter)/" || req.http.Cookie ~ "sessionid=") {
        return (pass);
    }
    call dateline_query_params;
    # Nothing a reader's page depends on lives in a cookie: drop them so pages are shared.
    unset req.http.Cookie;
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    return (hash);
}

# Only the query parameters some page reads reach the cache key and the app, sorted, as the
# app's own page cache does (dateline.caching.queryparams): tracking parameters (utm_*, fbclid,
# gclid, mc_*...) and unknown ones never make a new object. The pattern is written by
# dateline.caching.queryparams.vcl_query_filter; dateline/caching/tests/test_query_params.py
# fails when a page declares a parameter this list lacks.
sub dateline_query_params {
    if (req.url ~ "\?") {
        set req.http.X-Dateline-Query = "&" + regsub(req.url, "^[^?]*\?", "");
        set req.http.X-Dateline-Query = regsuball(req.http.X-Dateline-Query, "&(?!(?:agency|author|before|cursor|date_from|date_to|kind|limit|p|page|q|section|short|show|since|topic|type|updated_since)(?:=|&|$))[^&]*", "");
        set req.url = regsub(req.url, "\?.*$", "") + regsub(req.http.X-Dateline-Query, "^&", "?");
        unset req.http.X-Dateline-Query;
        set req.url = std.querysort(req.url);
    }
}

sub vcl_backend_response {
    # The app says how long (s-maxage); keep serving a stale copy briefly while refreshing,
    # and for a while if the app is down.
    set beresp.grace = 1h;
    if (beresp.status >= 500) {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "HIT";
    } else {
        set resp.http.X-Varnish-Cache = "MISS";
    }
    # The keys are for the purge, not for the public.
    unset resp.http.xkey;
}
