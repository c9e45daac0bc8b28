/** The dmrnet method (see {@link io.mmanet.methods.dmrnet.DmrnetMethod}). Registered in {@link io.mmanet.networks.method.Methods}. */
package io.mmanet.methods.dmrnet;
