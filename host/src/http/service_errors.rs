//! Where each service's error becomes the wire: one `From` per error enum,
//! so a handler's `?` answers the same code and message wherever the error
//! comes from. Failures on our side carry their cause for the log.

use super::envelope::ApiError;
use crate::auth::credentials::HashError;
use crate::auth::AuthError;
use crate::chat::ChatError;
use crate::crm::PairError;
use crate::media::MediaError;
use crate::modules::ModuleError;
use crate::public_account::PublicAccountError;
use crate::qr_codes::QrError;
use crate::store::StoreError;
use crate::wechat::WeChatError;
use crate::wecom::WeComError;

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<HashError> for ApiError {
    fn from(e: HashError) -> ApiError {
        ApiError::internal(e)
    }
}

impl From<AuthError> for ApiError {
    fn from(e: AuthError) -> ApiError {
        match e {
            AuthError::BadSignature => ApiError::bad_token(),
            AuthError::Disabled => ApiError::disabled(),
            AuthError::Store(e) => e.into(),
        }
    }
}

impl From<PairError> for ApiError {
    fn from(e: PairError) -> ApiError {
        match e {
            PairError::UnknownCustomer => ApiError::no_such("客户"),
            PairError::UnknownUser => ApiError::no_such("用户"),
            PairError::Unrelated => ApiError::new(307, "用户与客户的关系不存在"),
            PairError::Store(e) => e.into(),
        }
    }
}

impl From<ChatError> for ApiError {
    fn from(e: ChatError) -> ApiError {
        match e {
            ChatError::Invalid { field, why } => ApiError::bad_value(&field, why),
            ChatError::Missing(field) => ApiError::missing(&field),
            ChatError::MallOff => ApiError::bad_form("此小程序没有开启商城"),
            ChatError::CompanyGone => ApiError::bad_token(),
            ChatError::Pair(e) => e.into(),
            ChatError::Store(e) => e.into(),
        }
    }
}

impl From<MediaError> for ApiError {
    fn from(e: MediaError) -> ApiError {
        match e {
            MediaError::Refused(why) => ApiError::bad_form(why),
            MediaError::NotAllowed => ApiError::bad_form("文件类型不允许"),
            MediaError::Io(_) | MediaError::Store(_) => ApiError::internal(e),
        }
    }
}

impl From<WeComError> for ApiError {
    fn from(e: WeComError) -> ApiError {
        match e {
            WeComError::Credentials { code, msg } => {
                ApiError::new(301, format!("企业微信配置无效: {code} {msg}"))
            }
            WeComError::Api { code, msg } => {
                ApiError::new(301, format!("企业微信接口错误: {code} {msg}"))
            }
            WeComError::NotConfigured => ApiError::new(301, "该公司未配置企业微信"),
            WeComError::Transport(_) => ApiError::new(500, "企业微信接口无法访问").caused_by(e),
        }
    }
}

impl From<WeChatError> for ApiError {
    fn from(e: WeChatError) -> ApiError {
        match e {
            WeChatError::Api { code, msg } => {
                ApiError::new(301, format!("微信接口错误: {code} {msg}"))
            }
            WeChatError::Transport(_) => ApiError::new(500, "微信接口无法访问").caused_by(e),
        }
    }
}

impl From<PublicAccountError> for ApiError {
    fn from(e: PublicAccountError) -> ApiError {
        match e {
            PublicAccountError::NotConfigured => ApiError::new(301, "该公司未配置公众号"),
            PublicAccountError::CodeUsed => ApiError::new(401, "登录失败: code 已使用"),
            PublicAccountError::WeChat(WeChatError::Api { code, msg }) => {
                ApiError::new(401, format!("登录失败: 微信拒绝了code ({code} {msg})"))
            }
            PublicAccountError::WeChat(e) => {
                ApiError::new(401, "登录失败: 微信接口无法访问").caused_by(e)
            }
            PublicAccountError::Store(e) => e.into(),
        }
    }
}

impl From<QrError> for ApiError {
    fn from(e: QrError) -> ApiError {
        match e {
            QrError::WeChat(WeChatError::Api { code, msg }) => ApiError::new(
                301,
                format!("生成小程序二维码失败: 微信接口错误 {code} {msg}"),
            ),
            QrError::WeChat(WeChatError::Transport(_)) => {
                ApiError::new(500, "生成小程序二维码失败: 微信接口无法访问").caused_by(e)
            }
            QrError::NotAnImage => {
                ApiError::new(500, "生成小程序二维码失败: 微信未返回图片").caused_by(e)
            }
            QrError::Gone(_) => ApiError::no_such("用户"),
            other => ApiError::internal(other),
        }
    }
}

impl From<ModuleError> for ApiError {
    fn from(e: ModuleError) -> ApiError {
        match e {
            ModuleError::Refused(why) => ApiError::new(301, format!("组件不可安装: {why}")),
            ModuleError::UnknownBuild(_) => ApiError::no_such("构建"),
            ModuleError::OtherSlot { serves, asked, .. } => {
                ApiError::new(301, format!("该构建属于模块 {serves}, 不是 {asked}"))
            }
            ModuleError::UnknownSlot(_) => ApiError::no_such("模块"),
            ModuleError::NotBundled(_) => ApiError::bad_form("该模块没有内置构建"),
            ModuleError::BadPercent(_) => ApiError::bad_value("canary", "取值 1..100"),
            ModuleError::NoCanary(_) => ApiError::bad_form("该模块没有灰度构建"),
            ModuleError::NothingToRollBack(_) => ApiError::bad_form("没有可回滚的构建"),
            ModuleError::Runtime(_) => ApiError::internal(e),
            ModuleError::Store(e) => e.into(),
        }
    }
}
