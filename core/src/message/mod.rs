//! The 3DS message model and codec (device info, AReq SDK data, ARes, CReq, CRes, Erro).
