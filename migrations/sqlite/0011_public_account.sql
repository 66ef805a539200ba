-- The company's WeChat public account (公众号): its credentials sign
-- customers in through OAuth when they open a shared article, and make the
-- JS-SDK signature of its pages.
ALTER TABLE companies ADD COLUMN public_account_appid TEXT;
ALTER TABLE companies ADD COLUMN public_account_secret TEXT;
