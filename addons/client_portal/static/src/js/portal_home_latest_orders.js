/** @odoo-module **/

import publicWidget from "@web/legacy/js/public/public_widget";
import { rpc } from "@web/core/network/rpc";

/**
 * The latest quotations and orders of the portal home, fetched once the page is
 * shown, as Odoo fetches the counts of its cards (/my/counters): rendering /my
 * reads no order.
 */
export const ClientPortalLatestOrders = publicWidget.Widget.extend({
    selector: ".o_client_portal_latest_orders",

    /**
     * @override
     */
    start() {
        const def = this._super(...arguments);
        this._loadLatestOrders();
        return def;
    },

    async _loadLatestOrders() {
        const { html } = await rpc("/my/home/latest_orders");
        // Server-side QWeb markup, escaped there as any portal page.
        this.el.innerHTML = html;
    },
});

publicWidget.registry.ClientPortalLatestOrders = ClientPortalLatestOrders;
