/** The version of the host-facing API (createLendwire options, router, SDK) this build implements. */
export const HOST_API_VERSION = '1.0.0';
