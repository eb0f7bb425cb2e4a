/*
 * libsrtp 3's API (as mediasoup's worker calls it) over Debian's libsrtp2. Each packet call copies
 * the input into the output buffer when they differ, then runs libsrtp2's in-place function on it:
 * one extra copy per packet when the buffers differ (mediasoup encrypts into a buffer of its own and
 * decrypts in place). MKI is not supported (mediasoup never uses it).
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <srtp2/srtp.h>

#include "srtp3_standin_api.h"

struct vwindow_srtp3_policy {
    srtp_policy_t policy; /* libsrtp2's; .key points at key_and_salt */
    unsigned char key_and_salt[SRTP_MAX_KEY_LEN];
    bool has_profile;
    bool has_key;
};

srtp_err_status_t vwindow_srtp3_policy_create(vwindow_srtp3_policy_t *policy)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    *policy = calloc(1, sizeof(struct vwindow_srtp3_policy));
    if (*policy == NULL)
        return srtp_err_status_alloc_fail;
    /* libsrtp 3's defaults: replay window 0 means libsrtp's default (128). */
    (*policy)->policy.key = (*policy)->key_and_salt;
    return srtp_err_status_ok;
}

void vwindow_srtp3_policy_destroy(vwindow_srtp3_policy_t policy)
{
    if (policy == NULL)
        return;
    memset(policy->key_and_salt, 0, sizeof(policy->key_and_salt));
    free(policy);
}

srtp_err_status_t vwindow_srtp3_policy_set_ssrc(vwindow_srtp3_policy_t policy, srtp_ssrc_t ssrc)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->policy.ssrc = ssrc;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_policy_set_profile(vwindow_srtp3_policy_t policy, srtp_profile_t profile)
{
    srtp_err_status_t err;

    if (policy == NULL)
        return srtp_err_status_bad_param;
    err = srtp_crypto_policy_set_from_profile_for_rtp(&policy->policy.rtp, profile);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_crypto_policy_set_from_profile_for_rtcp(&policy->policy.rtcp, profile);
    if (err != srtp_err_status_ok)
        return err;
    policy->has_profile = true;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_policy_add_key(vwindow_srtp3_policy_t policy,
                                               const uint8_t *key,
                                               size_t key_len,
                                               const uint8_t *salt,
                                               size_t salt_len,
                                               const uint8_t *mki,
                                               size_t mki_len)
{
    /* libsrtp2 reads the master key followed by the master salt from one buffer. */
    if (policy == NULL || key == NULL || (salt == NULL && salt_len > 0) || policy->has_key)
        return srtp_err_status_bad_param;
    if (mki != NULL || mki_len != 0)
        return srtp_err_status_bad_param;
    if (key_len + salt_len > sizeof(policy->key_and_salt))
        return srtp_err_status_bad_param;
    memcpy(policy->key_and_salt, key, key_len);
    if (salt_len > 0)
        memcpy(policy->key_and_salt + key_len, salt, salt_len);
    policy->has_key = true;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_policy_set_allow_repeat_tx(vwindow_srtp3_policy_t policy, bool allow)
{
    if (policy == NULL)
        return srtp_err_status_bad_param;
    policy->policy.allow_repeat_tx = allow ? 1 : 0;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_policy_set_window_size(vwindow_srtp3_policy_t policy, size_t size)
{
    /* libsrtp2 accepts 64 to 2^15 (0 keeps its default). */
    if (policy == NULL || (size != 0 && (size < 64 || size >= 0x8000)))
        return srtp_err_status_bad_param;
    policy->policy.window_size = size;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_create(srtp_t *session, const vwindow_srtp3_policy_t policy)
{
    if (session == NULL || policy == NULL || !policy->has_profile || !policy->has_key)
        return srtp_err_status_bad_param;
    return srtp_create(session, &policy->policy);
}

/* Copies `in` to `out` (when they differ) leaving `trailer` octets of room after it. */
static srtp_err_status_t vwindow_srtp3_stage(const uint8_t *in, size_t in_len, uint8_t *out,
                                             size_t out_room, size_t trailer, int *len)
{
    if (in == NULL || out == NULL || in_len > (size_t)INT_MAX - trailer)
        return srtp_err_status_bad_param;
    if (out_room < in_len + trailer)
        return VWINDOW_SRTP3_ERR_BUFFER_SMALL;
    if (in != out)
        memmove(out, in, in_len);
    *len = (int)in_len;
    return srtp_err_status_ok;
}

srtp_err_status_t vwindow_srtp3_protect(srtp_t session,
                                        const uint8_t *rtp,
                                        size_t rtp_len,
                                        uint8_t *srtp,
                                        size_t *srtp_len,
                                        size_t mki_index)
{
    int len;
    srtp_err_status_t err;

    if (srtp_len == NULL || mki_index != 0)
        return srtp_err_status_bad_param;
    err = vwindow_srtp3_stage(rtp, rtp_len, srtp, *srtp_len, SRTP_MAX_TRAILER_LEN, &len);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_protect(session, srtp, &len);
    if (err == srtp_err_status_ok)
        *srtp_len = (size_t)len;
    return err;
}

srtp_err_status_t vwindow_srtp3_unprotect(srtp_t session,
                                          const uint8_t *srtp,
                                          size_t srtp_len,
                                          uint8_t *rtp,
                                          size_t *rtp_len)
{
    int len;
    srtp_err_status_t err;

    if (rtp_len == NULL)
        return srtp_err_status_bad_param;
    err = vwindow_srtp3_stage(srtp, srtp_len, rtp, *rtp_len, 0, &len);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_unprotect(session, rtp, &len);
    if (err == srtp_err_status_ok)
        *rtp_len = (size_t)len;
    return err;
}

srtp_err_status_t vwindow_srtp3_protect_rtcp(srtp_t session,
                                             const uint8_t *rtcp,
                                             size_t rtcp_len,
                                             uint8_t *srtcp,
                                             size_t *srtcp_len,
                                             size_t mki_index)
{
    int len;
    srtp_err_status_t err;

    if (srtcp_len == NULL || mki_index != 0)
        return srtp_err_status_bad_param;
    /* SRTCP adds the 4-octet index (E flag + 31 bits) before the tag. */
    err = vwindow_srtp3_stage(rtcp, rtcp_len, srtcp, *srtcp_len, SRTP_MAX_TRAILER_LEN + 4, &len);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_protect_rtcp(session, srtcp, &len);
    if (err == srtp_err_status_ok)
        *srtcp_len = (size_t)len;
    return err;
}

srtp_err_status_t vwindow_srtp3_unprotect_rtcp(srtp_t session,
                                               const uint8_t *srtcp,
                                               size_t srtcp_len,
                                               uint8_t *rtcp,
                                               size_t *rtcp_len)
{
    int len;
    srtp_err_status_t err;

    if (rtcp_len == NULL)
        return srtp_err_status_bad_param;
    err = vwindow_srtp3_stage(srtcp, srtcp_len, rtcp, *rtcp_len, 0, &len);
    if (err != srtp_err_status_ok)
        return err;
    err = srtp_unprotect_rtcp(session, rtcp, &len);
    if (err == srtp_err_status_ok)
        *rtcp_len = (size_t)len;
    return err;
}
