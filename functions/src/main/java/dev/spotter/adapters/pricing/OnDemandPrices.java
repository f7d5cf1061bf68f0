package dev.spotter.adapters.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.pricing.PricingClient;
import software.amazon.awssdk.services.pricing.model.Filter;
import software.amazon.awssdk.services.pricing.model.FilterType;
import software.amazon.awssdk.services.pricing.model.GetProductsRequest;

import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/**
 * On-demand Linux prices of a region's instance types from the Pricing API (GetProducts, service AmazonEC2, shared
 * tenancy, no pre-installed software, capacity status Used). Each price-list entry is a JSON document; its product
 * names the instance type and its OnDemand term the USD hourly price.
 */
public final class OnDemandPrices {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OnDemandPrices() {
    }

    public static Map<String, Double> fetch(PricingClient pricing, String region) {
        GetProductsRequest request = GetProductsRequest.builder().serviceCode("AmazonEC2").filters(
                term("regionCode", region), term("operatingSystem", "Linux"), term("tenancy", "Shared"),
                term("preInstalledSw", "NA"), term("capacitystatus", "Used"), term("marketoption", "OnDemand")).build();
        Map<String, Double> prices = new HashMap<>();
        for (String document : pricing.getProductsPaginator(request).priceList()) {
            parse(document).ifPresent(price -> prices.putIfAbsent(price.instanceType(), price.usdPerHour()));
        }
        return prices;
    }

    record Price(String instanceType, double usdPerHour) {
    }

    /** One price-list document; empty when it is not an instance's hourly price (or not understood). */
    static Optional<Price> parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (IOException e) {
            return Optional.empty();
        }
        String type = root.path("product").path("attributes").path("instanceType").asText("");
        if (type.isEmpty()) {
            return Optional.empty();
        }
        for (Iterator<JsonNode> terms = root.path("terms").path("OnDemand").elements(); terms.hasNext(); ) {
            for (Iterator<JsonNode> dimensions = terms.next().path("priceDimensions").elements(); dimensions.hasNext(); ) {
                JsonNode dimension = dimensions.next();
                String usd = dimension.path("pricePerUnit").path("USD").asText("");
                if (!"Hrs".equals(dimension.path("unit").asText()) || usd.isEmpty()) {
                    continue;
                }
                try {
                    double price = Double.parseDouble(usd);
                    if (price > 0) {
                        return Optional.of(new Price(type, price));
                    }
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static Filter term(String field, String value) {
        return Filter.builder().type(FilterType.TERM_MATCH).field(field).value(value).build();
    }
}
