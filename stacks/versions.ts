/** Terraform versions the synthesized stacks accept; `.terraform-version` pins 1.11.4 inside this range. */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.11.4, < 2.0.0';
