/** The sr method (see its class). Registered in {@link io.mmanet.networks.method.Methods}. */
package io.mmanet.methods.sr;
