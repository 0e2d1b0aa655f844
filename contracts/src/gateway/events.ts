/** The gateway publishes no events yet; it consumes them for webhooks and the audit trail. */
export const gatewayEvents = {} as const;
