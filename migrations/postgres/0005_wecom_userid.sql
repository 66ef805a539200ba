-- The WeCom login resolves a radar user by (company, WeCom UserID): one
-- user per UserID in a company, and the lookup is indexed.
CREATE UNIQUE INDEX radar_users_wecom_userid ON radar_users (company_id, wecom_userid)
    WHERE wecom_userid IS NOT NULL;
