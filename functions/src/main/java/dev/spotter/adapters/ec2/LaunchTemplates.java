package dev.spotter.adapters.ec2;

import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure a launch template exists for some content. Names are content hashes, so a template once created is
 * never changed: it is created on first use (a concurrent creator's AlreadyExists counts as success) and remembered
 * for the life of the Lambda container.
 */
final class LaunchTemplates {
    static final String ALREADY_EXISTS = "InvalidLaunchTemplateName.AlreadyExistsException";

    private final Ec2Client ec2;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    LaunchTemplates(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    /** The template's name, after creating it if need be. */
    String ensure(LaunchTemplateSpec spec) {
        String name = spec.name();
        if (known.contains(name)) {
            return name;
        }
        try {
            ec2.createLaunchTemplate(request -> request
                    .launchTemplateName(name)
                    .launchTemplateData(spec.toData())
                    .tagSpecifications(Ec2Tags.specification(ResourceType.LAUNCH_TEMPLATE, spec.tags())));
        } catch (Ec2Exception e) {
            if (!ALREADY_EXISTS.equals(Ec2Errors.code(e))) {
                throw e;
            }
        }
        known.add(name);
        return name;
    }

    /** Forgets a template EC2 says is gone, so the next launch creates it again. */
    void forget(String name) {
        known.remove(name);
    }
}
